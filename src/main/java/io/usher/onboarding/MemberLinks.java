package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.usher.platform.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * A member of an account as an administrator's resend or reset request finds them, their
 * membership row locked for the rest of the transaction so that two requests for one member
 * happen one after the other.
 */
record MemberLinks(
        UUID membershipId,
        MembershipStatus membershipStatus,
        UUID profileId,
        String email,
        ProfileStatus profileStatus,
        boolean hasSubject,
        String accountName,
        Optional<String> identityProvider,
        Optional<String> lastInvitationKind,
        Optional<UUID> actorProfileId) {

    /** An audit entry of what the actor did to this member. */
    AuditEntry auditBy(Actor actor, UUID accountId, String action, JsonObject details) {
        return new AuditEntry(
                accountId,
                actorProfileId.orElse(null),
                actor.email().orElse(actor.subject()),
                action,
                profileId,
                email,
                details);
    }

    static Uni<MemberLinks> lock(SqlConnection sql, UUID accountId, UUID profileId, Actor actor) {
        return sql.preparedQuery("SELECT m.id, m.status, p.id, p.email, p.status, p.idp_subject IS NOT NULL, a.name,"
                        + " s.identity_provider,"
                        + " (SELECT i.kind FROM invitations i WHERE i.account_id = m.account_id AND i.membership_id = m.id"
                        + "  ORDER BY i.created_at DESC LIMIT 1)"
                        + " FROM memberships m"
                        + " JOIN profiles p ON p.id = m.profile_id"
                        + " JOIN accounts a ON a.id = m.account_id"
                        + " LEFT JOIN sso_domains s ON s.domain = substring(p.email FROM '@([^@]*)$')"
                        + " WHERE m.account_id = $1 AND m.profile_id = $2 FOR UPDATE OF m")
                .execute(Tuple.of(accountId, profileId))
                .map(rows -> {
                    Row row = Rows.single(rows, ProblemException::userNotFound);
                    return new MemberLinks(
                            row.getUUID(0),
                            MembershipStatus.valueOf(row.getString(1)),
                            row.getUUID(2),
                            row.getString(3),
                            ProfileStatus.valueOf(row.getString(4)),
                            row.getBoolean(5),
                            row.getString(6),
                            Optional.ofNullable(row.getString(7)),
                            Optional.ofNullable(row.getString(8)),
                            actor.profileId());
                });
    }
}
