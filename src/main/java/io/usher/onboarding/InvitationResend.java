package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditLog;
import io.usher.invite.LinkKind;
import io.usher.mail.MailPayloads;
import io.usher.mail.Outbox;
import io.usher.member.MemberWords;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.platform.Actor;
import io.usher.platform.LinkTokens;
import io.usher.platform.ProblemException;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Resending an invitation is a state change, not a delete and re-create: the member's live link
 * is revoked (dead at once) and a new one made, in one transaction with its email and an audit
 * entry; the membership, its role and teams stay as they are. Only a {@code PENDING} member has an
 * invitation to resend; an expired one is resent like any other, so an invitation never dead-ends.
 */
@ApplicationScoped
public class InvitationResend {

    private final Pool pool;
    private final UsherConfig config;
    private final LinkTokens links;

    public InvitationResend(Pool pool, UsherConfig config, LinkTokens links) {
        this.pool = pool;
        this.config = config;
        this.links = links;
    }

    public Uni<Void> resend(Actor actor, UUID accountId, UUID profileId) {
        return pool.withTransaction(sql -> MemberLinks.lock(sql, accountId, profileId, actor)
                .chain(member -> {
                    if (member.membershipStatus() != MembershipStatus.PENDING) {
                        MembershipStatus status = member.membershipStatus();
                        throw ProblemException.conflict(
                                "not-pending", m -> m.problem_resend_not_pending(MemberWords.status(m, status)));
                    }
                    return renew(sql, actor, accountId, member);
                }));
    }

    private Uni<Void> renew(SqlConnection sql, Actor actor, UUID accountId, MemberLinks member) {
        LinkKind kind = member.identityProvider().isPresent()
                ? LinkKind.SSO
                : member.lastInvitationKind()
                        .map(LinkKind::valueOf)
                        .filter(k -> k != LinkKind.SSO)
                        .orElse(
                                member.profileStatus() == ProfileStatus.IN_PROGRESS
                                        ? LinkKind.PASSWORD
                                        : LinkKind.EXISTING_USER);
        LinkTokens.Minted link = links.mint();
        String hash = link.tokenHash();
        int days = config.invitations().linkExpiryDays();
        return sql.preparedQuery(
                        "UPDATE invitations SET revoked_at = now() WHERE account_id = $1 AND membership_id = $2"
                                + " AND used_at IS NULL AND revoked_at IS NULL")
                .execute(Tuple.of(accountId, member.membershipId()))
                .chain(() -> sql.preparedQuery("INSERT INTO invitations (token_hash, account_id, membership_id, kind,"
                                + " expires_at) VALUES (decode($1, 'hex'), $2, $3, $4, now() + $5 * interval '1 day')")
                        .execute(Tuple.of(hash, accountId, member.membershipId(), kind.name(), days)))
                .chain(() -> Outbox.enqueue(
                        sql,
                        accountId,
                        kind.mail(),
                        member.email(),
                        MailPayloads.invitation(
                                MailPayloads.link("/invitations/", link.seed()),
                                member.accountName(),
                                actor.label(),
                                days,
                                member.identityProvider().orElse(null)),
                        "resend:" + hash))
                .chain(() -> AuditLog.record(
                        sql,
                        member.auditBy(
                                actor,
                                accountId,
                                "member.invitation-resent",
                                new JsonObject().put("kind", kind.name()))));
    }
}
