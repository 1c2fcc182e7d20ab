package io.usher.account;

import io.smallrye.mutiny.Uni;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import io.usher.onboarding.Activation;
import io.usher.onboarding.SignedInPerson;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may administer an account: platform admins, and the account's own active site admins.
 * Anyone else learns nothing: an account they are not in answers 404, exactly like one that does
 * not exist, so ids cannot be probed; a member without the right gets 403. One query, on the
 * pool, so both reactive services and blocking intake can ask.
 */
@ApplicationScoped
public class AccountAccess {

    private static final String QUERY = "SELECT a.id, a.name, a.default_language, m.role, m.status, p.status"
            + " FROM accounts a"
            + " LEFT JOIN profiles p ON p.id = $2"
            + " LEFT JOIN memberships m ON m.account_id = a.id AND m.profile_id = p.id"
            + " WHERE a.id = $1";

    private final Pool pool;
    private final Activation activation;

    public AccountAccess(Pool pool, Activation activation) {
        this.pool = pool;
        this.activation = activation;
    }

    /**
     * The account, if the actor may administer it. An administrator's first request completes
     * their first sign-in, as any first request does (RULES.md), before their rights are judged.
     * A token that may reach no profile (its email unverified, or the address claimed by another
     * sign-in) is refused with a 403 saying why, whatever the account: platform admins excepted,
     * whose rights come from their token's role.
     */
    public Uni<AccountRef> requireAdmin(Actor actor, UUID accountId) {
        Optional<ProblemException> refusal =
                actor.platformAdmin() ? Optional.empty() : actor.profile().refusal();
        if (refusal.isPresent()) {
            return Uni.createFrom().failure(refusal.get());
        }
        return read(actor, accountId)
                .chain(rows -> firstSignIn(rows)
                        ? activation
                                .onAuthenticated(new SignedInPerson(
                                        actor.email().orElse(""), actor.profile(), Optional.empty(), Optional.empty()))
                                .chain(() -> read(actor, accountId))
                        : Uni.createFrom().item(rows))
                .map(rows -> decide(actor, rows));
    }

    private Uni<RowSet<Row>> read(Actor actor, UUID accountId) {
        return pool.preparedQuery(QUERY)
                .execute(Tuple.of(accountId, actor.profileId().orElse(null)));
    }

    private static boolean firstSignIn(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return false;
        }
        Row row = rows.iterator().next();
        String membership = row.getString(4);
        String profile = row.getString(5);
        return (membership != null && MembershipStatus.valueOf(membership) == MembershipStatus.PENDING)
                || (profile != null && ProfileStatus.valueOf(profile) == ProfileStatus.IN_PROGRESS);
    }

    private static AccountRef decide(Actor actor, RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw notFound();
        }
        Row row = rows.iterator().next();
        AccountRef account = new AccountRef(row.getUUID(0), row.getString(1), row.getString(2));
        if (actor.platformAdmin()) {
            return account;
        }
        String role = row.getString(3);
        if (role == null || MembershipStatus.valueOf(row.getString(4)) == MembershipStatus.REMOVED) {
            throw notFound();
        }
        boolean allowed = Role.valueOf(role) == Role.SITE_ADMIN
                && MembershipStatus.valueOf(row.getString(4)) == MembershipStatus.ACTIVE
                && ProfileStatus.valueOf(row.getString(5)) != ProfileStatus.DEACTIVATED;
        if (!allowed) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN, "site-admins-only", ApiMessages::problem_site_admins_only);
        }
        return account;
    }

    static ProblemException notFound() {
        return ProblemException.accountNotFound();
    }
}
