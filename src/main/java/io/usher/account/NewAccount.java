package io.usher.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What a platform admin sends to create an account. */
public record NewAccount(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @NotNull(message = "is required") Language defaultLanguage,
        @NotNull(message = "is required") @Valid Quotas quotas,

        /** Optional: this person is invited as the account's first SITE_ADMIN. */
        @Size(max = 254, message = "must be at most 254 characters")
        String firstAdminEmail) {}
