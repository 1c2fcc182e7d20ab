package io.usher.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An account as the API shows it. Right after a creation with {@code firstAdminEmail}, it names the
 * invitation batch that carries that invitation, so its outcome can be followed like any other.
 */
public record AccountView(
        UUID id,
        String name,
        String defaultLanguage,
        Quotas quotas,
        Usage usage,
        Instant createdAt,

        @Schema(
                description = "Only in the answer to a creation with `firstAdminEmail`: the batch that"
                        + " invites that first SITE_ADMIN")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        UUID firstAdminBatchId) {

    static AccountView of(Account account, Usage usage) {
        return new AccountView(
                account.id, account.name, account.defaultLanguage, Quotas.of(account), usage, account.createdAt, null);
    }

    /** The account as its first administrator's invitation left it: one SITE_ADMIN seat taken. */
    AccountView withFirstAdmin(UUID batchId) {
        return new AccountView(id, name, defaultLanguage, quotas, new Usage(1, usage.editor()), createdAt, batchId);
    }
}
