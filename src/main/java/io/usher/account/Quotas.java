package io.usher.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.usher.platform.JsonBody;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Seats per role: the most ACTIVE + PENDING memberships of that role. */
public record Quotas(
        @JsonProperty("SITE_ADMIN")
        @NotNull(message = "{usher.required}")
        @Min(value = 0, message = "{usher.min.zero}")
        @Max(value = 10_000_000, message = "{usher.max.value}")
        Integer siteAdmin,

        @JsonProperty("EDITOR")
        @NotNull(message = "{usher.required}")
        @Min(value = 0, message = "{usher.min.zero}")
        @Max(value = 10_000_000, message = "{usher.max.value}")
        Integer editor)
        implements JsonBody {

    static Quotas of(Account account) {
        return new Quotas(account.quotaSiteAdmin, account.quotaEditor);
    }
}
