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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Accounts and their quotas. */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final AccountRepository accounts;
    private final AccountAccess access;
    private final Pool pool;

    public AccountService(AccountRepository accounts, AccountAccess access, Pool pool) {
        this.accounts = accounts;
        this.access = access;
        this.pool = pool;
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

    /**
     * Removes an account whose creation could not be completed, unless something already refers
     * to it (then it stays, and is as usable as any other). Never fails: the caller is reporting
     * the error that made the creation incomplete.
     */
    public Uni<Void> discard(UUID accountId) {
        return pool.preparedQuery("DELETE FROM accounts a WHERE a.id = $1"
                        + " AND NOT EXISTS (SELECT 1 FROM invitation_batches b WHERE b.account_id = a.id)")
                .execute(Tuple.of(accountId))
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warnf(e, "Account %s was left after an incomplete creation", accountId))
                .onFailure()
                .recoverWithNull();
    }

    private static AccountView view(Account account) {
        return AccountView.of(account, Usage.of(account));
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("An account named \"" + name + "\" already exists");
    }
}
