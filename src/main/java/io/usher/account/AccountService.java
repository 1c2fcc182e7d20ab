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
    private final FirstAdminInviter firstAdmin;

    public AccountService(AccountRepository accounts, AccountAccess access, Pool pool, FirstAdminInviter firstAdmin) {
        this.accounts = accounts;
        this.access = access;
        this.pool = pool;
        this.firstAdmin = firstAdmin;
    }

    /**
     * Creates the account and, with {@code firstAdminEmail}, invites its first administrator, in
     * one transaction: both are made or neither, so a crash in between never leaves an account
     * without its administrator (nor a name taken by an account nobody can use).
     */
    public Uni<AccountView> create(NewAccount request, Actor actor) {
        String name = request.name().trim();
        UUID id = Ids.next();
        return pool.withTransaction(sql -> sql.preparedQuery("INSERT INTO accounts (id, name, default_language,"
                                + " quota_site_admin, quota_editor) VALUES ($1, $2, $3, $4, $5)"
                                + " ON CONFLICT DO NOTHING RETURNING created_at")
                        .execute(Tuple.of(
                                id,
                                name,
                                request.defaultLanguage().code(),
                                request.quotas().siteAdmin(),
                                request.quotas().editor()))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(nameConflict(name));
                            }
                            Instant createdAt =
                                    rows.iterator().next().getOffsetDateTime(0).toInstant();
                            AccountView account = new AccountView(
                                    id,
                                    name,
                                    request.defaultLanguage().code(),
                                    request.quotas(),
                                    Usage.NONE,
                                    createdAt,
                                    null);
                            return request.firstAdminEmail() == null
                                    ? Uni.createFrom().item(account)
                                    : firstAdmin
                                            .invite(sql, actor, id, request.firstAdminEmail())
                                            .map(batchId -> account.withFirstAdmin(batchId));
                        }))
                .onFailure(SqlStates::isUniqueViolation)
                .transform(e -> nameConflict(name));
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
        return ProblemException.conflict("account-name-taken", m -> m.problem_account_name_taken(name));
    }
}
