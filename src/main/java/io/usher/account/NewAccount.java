package io.usher.account;

import io.usher.platform.ApiMessages;
import io.usher.platform.FieldText;
import io.usher.platform.JsonBody;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What a platform admin sends to create an account. */
public record NewAccount(
        @NotBlank(message = "{usher.required}") @Size(max = 200, message = "{usher.max.characters}")
        String name,

        @NotNull(message = "{usher.required}") Language defaultLanguage,
        @NotNull(message = "{usher.required}") @Valid Quotas quotas,

        /** Optional: this person is invited as the account's first SITE_ADMIN. */
        @Size(max = 254, message = "{usher.max.characters}") String firstAdminEmail)
        implements JsonBody {

    /** A first admin needs a seat to be invited into (a negative count is refused by its constraint). */
    @Override
    public List<FieldText> problems(boolean someFieldUnreadable) {
        if (firstAdminEmail != null && quotas != null && quotas.siteAdmin() != null && quotas.siteAdmin() == 0) {
            return List.of(new FieldText("quotas.SITE_ADMIN", ApiMessages::field_first_admin_seat));
        }
        return List.of();
    }
}
