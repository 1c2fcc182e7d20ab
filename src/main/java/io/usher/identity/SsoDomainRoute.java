package io.usher.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Where a domain's people sign in: the identity provider's alias in the platform realm. */
public record SsoDomainRoute(
        @NotBlank(message = "is required")
        @Pattern(
                regexp = SsoDomains.ALIAS_PATTERN,
                message = "must be an identity-provider alias: letters, digits, '.', '_' or '-', at most 100")
        String identityProvider) {}
