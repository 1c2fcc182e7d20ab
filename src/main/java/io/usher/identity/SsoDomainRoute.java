package io.usher.identity;

import io.usher.platform.JsonBody;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Where a domain's people sign in: the identity provider's alias in the platform realm. */
public record SsoDomainRoute(
        @NotBlank(message = "{usher.required}")
        @Pattern(regexp = SsoDomains.ALIAS_PATTERN, message = "{usher.identity.provider}")
        String identityProvider)
        implements JsonBody {}
