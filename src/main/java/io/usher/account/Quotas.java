package io.usher.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Seats per role: the most ACTIVE + PENDING memberships of that role. */
public record Quotas(
        @JsonProperty("SITE_ADMIN")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be 0 or more")
        @Max(value = 10_000_000, message = "must be at most 10000000")
        Integer siteAdmin,

        @JsonProperty("EDITOR")
        @NotNull(message = "is required")
        @Min(value = 0, message = "must be 0 or more")
        @Max(value = 10_000_000, message = "must be at most 10000000")
        Integer editor) {

    static Quotas of(Account account) {
        return new Quotas(account.quotaSiteAdmin, account.quotaEditor);
    }
}
