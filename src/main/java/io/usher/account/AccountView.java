package io.usher.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

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
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID firstAdminBatchId) {

    static AccountView of(Account account, Usage usage) {
        return new AccountView(
                account.id, account.name, account.defaultLanguage, Quotas.of(account), usage, account.createdAt, null);
    }

    AccountView withFirstAdminBatch(UUID batchId) {
        return new AccountView(id, name, defaultLanguage, quotas, usage, createdAt, batchId);
    }
}
