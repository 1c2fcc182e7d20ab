package io.usher.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a platform admin sends to create an account. */
public record NewAccount(
        @NotBlank(message = "{usher.required}") @Size(max = 200, message = "{usher.max.characters}")
        String name,

        @NotNull(message = "{usher.required}") Language defaultLanguage,
        @NotNull(message = "{usher.required}") @Valid Quotas quotas,

        /** Optional: this person is invited as the account's first SITE_ADMIN. */
        @Size(max = 254, message = "{usher.max.characters}") String firstAdminEmail) {}
