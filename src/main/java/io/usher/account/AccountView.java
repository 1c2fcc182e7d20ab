package io.usher.account;

import java.time.Instant;
import java.util.UUID;

/** An account as the API shows it. */
public record AccountView(UUID id, String name, String defaultLanguage, Quotas quotas, Usage usage, Instant createdAt) {

    static AccountView of(Account account, Usage usage) {
        return new AccountView(
                account.id, account.name, account.defaultLanguage, Quotas.of(account), usage, account.createdAt);
    }
}
