package io.usher.account;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.Ids;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.usher.platform.SqlStates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Accounts and their quotas. */
@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final AccountAccess access;

    public AccountService(AccountRepository accounts, AccountAccess access) {
        this.accounts = accounts;
        this.access = access;
    }

    @WithTransaction
    public Uni<AccountView> create(NewAccount request) {
        String name = request.name().trim();
        Account account = new Account();
        account.id = Ids.next();
        account.name = name;
        account.defaultLanguage = request.defaultLanguage().code();
        account.setQuotas(request.quotas());
        account.createdAt = Instant.now();
        account.updatedAt = account.createdAt;
        return accounts.nameTaken(name)
                .chain(taken ->
                        taken ? Uni.createFrom().failure(nameConflict(name)) : accounts.persistAndFlush(account))
                .onFailure(SqlStates::isUniqueViolation)
                .transform(e -> nameConflict(name))
                .map(saved -> AccountView.of(saved, Usage.NONE));
    }

    @WithSession
    public Uni<PageView<AccountView>> list(String text, PageQuery page) {
        if (page.beyondAnyList()) {
            return accounts.countMatching(text).map(total -> new PageView<>(List.of(), page.page, page.size, total));
        }
        return accounts.search(text, page.page, page.size)
                .map(found -> found.stream().map(AccountService::view).toList())
                .chain(items ->
                        accounts.countMatching(text).map(total -> new PageView<>(items, page.page, page.size, total)));
    }

    @WithSession
    public Uni<AccountView> get(Actor actor, UUID accountId) {
        return access.requireAdmin(actor, accountId)
                .chain(ref -> accounts.findById(accountId))
                .onItem()
                .ifNull()
                .failWith(AccountAccess::notFound)
                .map(AccountService::view);
    }

    /** Lowering a quota below usage is allowed: it only blocks further seats. */
    @WithTransaction
    public Uni<AccountView> setQuotas(UUID accountId, Quotas quotas) {
        return accounts.lock(accountId)
                .onItem()
                .ifNull()
                .failWith(AccountAccess::notFound)
                .invoke(account -> {
                    account.setQuotas(quotas);
                    account.updatedAt = Instant.now();
                })
                .call(accounts::flush)
                .map(AccountService::view);
    }

    private static AccountView view(Account account) {
        return AccountView.of(account, Usage.of(account));
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("An account named \"" + name + "\" already exists");
    }
}
