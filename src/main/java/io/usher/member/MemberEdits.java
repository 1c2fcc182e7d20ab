package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.usher.platform.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An administrator's changes to a member: role, status, teams, and revocation. Each runs in one
 * transaction holding the account row lock — the lock the invitation workers hold — so that no
 * interleaving of edits and batches can seat more members of a role than its quota; the seat
 * trigger stays underneath as the net. Every change is written to the audit log with before and after.
 */
@ApplicationScoped
public class MemberEdits {

    private final Pool pool;
    private final MemberDirectory directory;

    public MemberEdits(Pool pool, MemberDirectory directory) {
        this.pool = pool;
        this.directory = directory;
    }

    public Uni<MemberView> change(Actor actor, UUID accountId, UUID profileId, MemberChange change) {
        return pool.withTransaction(sql -> lock(sql, accountId, profileId, actor)
                .chain(member -> apply(sql, actor, accountId, member, change))
                .chain(() -> directory.get(sql, accountId, profileId)));
    }

    /** Revocation: the membership becomes REMOVED, its seat is freed and its links die. */
    public Uni<Void> remove(Actor actor, UUID accountId, UUID profileId) {
        return change(actor, accountId, profileId, new MemberChange(null, MembershipStatus.REMOVED, null))
                .replaceWithVoid();
    }

    private Uni<Locked> lock(SqlConnection sql, UUID accountId, UUID profileId, Actor actor) {
        return sql.preparedQuery("SELECT quota_site_admin, quota_editor, seats_site_admin, seats_editor"
                        + " FROM accounts WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(accountId))
                .chain(accounts -> {
                    Row account = Rows.single(accounts, ProblemException::accountNotFound);
                    return sql.preparedQuery("SELECT m.id, m.role, m.status, p.status, p.email"
                                    + " FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                                    + " WHERE m.account_id = $1 AND m.profile_id = $2 FOR UPDATE OF m")
                            .execute(Tuple.of(accountId, profileId))
                            .map(rows -> {
                                Row row = Rows.single(rows, ProblemException::userNotFound);
                                return new Locked(
                                        row.getUUID(0),
                                        profileId,
                                        row.getString(4),
                                        Role.valueOf(row.getString(1)),
                                        MembershipStatus.valueOf(row.getString(2)),
                                        ProfileStatus.valueOf(row.getString(3)),
                                        actor.profileId(),
                                        new int[] {account.getInteger(0), account.getInteger(1)},
                                        new int[] {account.getInteger(2), account.getInteger(3)});
                            });
                });
    }

    private Uni<Void> apply(SqlConnection sql, Actor actor, UUID accountId, Locked member, MemberChange change) {
        Role role = change.role() == null ? member.role() : change.role();
        MembershipStatus asked = change.status() == null ? member.status() : change.status();
        if (!StatusTransitions.allowed(member.status(), asked)) {
            MembershipStatus from = member.status();
            throw ProblemException.conflict(
                    "status-not-allowed",
                    m -> m.problem_status_not_allowed(
                            MemberWords.status(m, from),
                            MemberWords.status(m, asked),
                            MemberWords.eitherStatus(m, StatusTransitions.from(from))));
        }
        // Someone who never signed in is back to waiting for their first sign-in, not active.
        MembershipStatus status = asked == MembershipStatus.ACTIVE
                        && member.status() != MembershipStatus.ACTIVE
                        && member.profileStatus() == ProfileStatus.IN_PROGRESS
                ? MembershipStatus.PENDING
                : asked;
        boolean roleChanges = role != member.role();
        boolean statusChanges = status != member.status();
        if ((roleChanges || statusChanges)
                && !actor.platformAdmin()
                && actor.profileId().filter(member.profileId()::equals).isPresent()) {
            throw ProblemException.conflict("own-role-or-status", ApiMessages::problem_own_role_or_status);
        }
        boolean takesNewSeat = status.takesSeat() && (!member.status().takesSeat() || roleChanges);
        if (takesNewSeat) {
            int index = role.ordinal();
            if (member.seats()[index] >= member.quotas()[index]) {
                int taken = member.seats()[index];
                int quota = member.quotas()[index];
                throw new ProblemException(
                        ProblemType.QUOTA_REACHED,
                        ProblemType.QUOTA_REACHED.slug(),
                        m -> m.problem_quota_reached(MemberWords.role(m, role), taken, quota));
            }
        }
        List<AuditEntry> audit = new ArrayList<>();
        if (roleChanges) {
            audit.add(entry(
                    actor,
                    accountId,
                    member,
                    "member.role-changed",
                    "role",
                    member.role().name(),
                    role.name()));
        }
        if (statusChanges) {
            audit.add(entry(
                    actor,
                    accountId,
                    member,
                    status == MembershipStatus.REMOVED ? "member.removed" : "member.status-changed",
                    "status",
                    member.status().name(),
                    status.name()));
        }
        Uni<Void> update = roleChanges || statusChanges
                ? sql.preparedQuery("UPDATE memberships SET role = $3, status = $4, updated_at = now(),"
                                + " activated_at = CASE WHEN $4 = 'ACTIVE' THEN coalesce(activated_at, now())"
                                + " ELSE activated_at END WHERE account_id = $1 AND id = $2")
                        .execute(Tuple.of(accountId, member.membershipId(), role.name(), status.name()))
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        Uni<Void> links = status == MembershipStatus.REMOVED && statusChanges
                ? revokeLinks(sql, accountId, member.membershipId())
                : Uni.createFrom().voidItem();
        Uni<Void> teams = change.teams() == null
                ? Uni.createFrom().voidItem()
                : replaceTeams(sql, actor, accountId, member, change.teams(), audit);
        return update.chain(() -> links).chain(() -> teams).chain(() -> AuditLog.record(sql, audit));
    }

    private static Uni<Void> revokeLinks(SqlConnection sql, UUID accountId, UUID membershipId) {
        return sql.preparedQuery(
                        "UPDATE invitations SET revoked_at = now() WHERE account_id = $1 AND membership_id = $2"
                                + " AND used_at IS NULL AND revoked_at IS NULL")
                .execute(Tuple.of(accountId, membershipId))
                .chain(() -> sql.preparedQuery("UPDATE password_resets SET revoked_at = now() WHERE account_id = $1"
                                + " AND membership_id = $2 AND used_at IS NULL AND revoked_at IS NULL")
                        .execute(Tuple.of(accountId, membershipId)))
                .replaceWithVoid();
    }

    /** The member's teams become exactly these, all of them teams of this account. */
    private static Uni<Void> replaceTeams(
            SqlConnection sql, Actor actor, UUID accountId, Locked member, List<UUID> wanted, List<AuditEntry> audit) {
        Set<UUID> teams = new LinkedHashSet<>(wanted);
        if (teams.contains(null)) {
            throw ProblemException.invalidField("teams", ApiMessages::field_teams_not_null);
        }
        UUID[] ids = teams.toArray(UUID[]::new);
        return sql.preparedQuery("SELECT count(*) FROM teams WHERE account_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(accountId, ids))
                .invoke(rows -> {
                    if (rows.iterator().next().getLong(0) != ids.length) {
                        throw ProblemException.invalidField("teams", ApiMessages::field_team_of_account);
                    }
                })
                .chain(() -> sql.preparedQuery(
                                "DELETE FROM membership_teams WHERE account_id = $1 AND membership_id = $2"
                                        + " RETURNING team_id")
                        .execute(Tuple.of(accountId, member.membershipId())))
                .chain(removed -> {
                    Set<UUID> before = new LinkedHashSet<>();
                    removed.forEach(row -> before.add(row.getUUID(0)));
                    if (!before.equals(teams)) {
                        audit.add(new AuditEntry(
                                accountId,
                                member.actorProfileId().orElse(null),
                                actor.email().orElse(actor.subject()),
                                "member.teams-changed",
                                member.profileId(),
                                member.email(),
                                new JsonObject()
                                        .put("before", new JsonObject().put("teams", ids(before)))
                                        .put("after", new JsonObject().put("teams", ids(teams)))));
                    }
                    return sql.preparedQuery("INSERT INTO membership_teams (account_id, membership_id, team_id)"
                                    + " SELECT $1, $2, t FROM unnest($3::uuid[]) AS t")
                            .execute(Tuple.of(accountId, member.membershipId(), ids))
                            .replaceWithVoid();
                });
    }

    private static JsonArray ids(Set<UUID> ids) {
        JsonArray array = new JsonArray();
        ids.forEach(id -> array.add(id.toString()));
        return array;
    }

    private static AuditEntry entry(
            Actor actor, UUID accountId, Locked member, String action, String field, String before, String after) {
        return new AuditEntry(
                accountId,
                member.actorProfileId().orElse(null),
                actor.email().orElse(actor.subject()),
                action,
                member.profileId(),
                member.email(),
                new JsonObject()
                        .put("before", new JsonObject().put(field, before))
                        .put("after", new JsonObject().put(field, after)));
    }

    /** A member as its locked row says, with the account's quotas and seats (by role ordinal). */
    private record Locked(
            UUID membershipId,
            UUID profileId,
            String email,
            Role role,
            MembershipStatus status,
            ProfileStatus profileStatus,
            Optional<UUID> actorProfileId,
            int[] quotas,
            int[] seats) {}
}
