package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.identity.IdentityPerson;
import io.usher.identity.IdentityProvider;
import io.usher.identity.PasswordRefusedException;
import io.usher.mail.MailKind;
import io.usher.mail.MailPayloads;
import io.usher.mail.Outbox;
import io.usher.member.MemberWords;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.Ids;
import io.usher.platform.LinkTokens;
import io.usher.platform.ProblemException;
import io.usher.platform.RetryLaterException;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Password resets: an administrator asks for one for an {@code ACTIVE} member outside SSO
 * domains (never more than one per member within the cooldown), the member gets a single-use
 * link, and the page behind it sets the new password at the identity provider.
 */
@ApplicationScoped
public class PasswordResets {

    private static final Logger LOG = Logger.getLogger(PasswordResets.class);

    private final Pool pool;
    private final IdentityProvider identity;
    private final UsherConfig config;
    private final LinkTokens links;

    public PasswordResets(Pool pool, IdentityProvider identity, UsherConfig config, LinkTokens links) {
        this.pool = pool;
        this.identity = identity;
        this.config = config;
        this.links = links;
    }

    /** How long a member must wait between two resets; the console counts it down. */
    public Duration cooldown() {
        return config.onboarding().passwordResetCooldown();
    }

    /** A reset link by email, or a 409 (SSO domain, not active), or a 429 within the cooldown. */
    public Uni<Void> request(Actor actor, UUID accountId, UUID profileId) {
        long cooldown = config.onboarding().passwordResetCooldown().toMillis();
        return pool.withTransaction(sql -> MemberLinks.lock(sql, accountId, profileId, actor)
                .invoke(member -> {
                    if (member.identityProvider().isPresent()) {
                        throw ProblemException.conflict("sso-member", ApiMessages::problem_reset_sso);
                    }
                    if (member.membershipStatus() != MembershipStatus.ACTIVE
                            || member.profileStatus() != ProfileStatus.ACTIVE) {
                        MembershipStatus membership = member.membershipStatus();
                        ProfileStatus profile = member.profileStatus();
                        throw ProblemException.conflict(
                                "not-active",
                                m -> m.problem_reset_not_active(
                                        profile == ProfileStatus.ACTIVE
                                                ? MemberWords.status(m, membership)
                                                : MemberWords.status(m, profile)));
                    }
                })
                // Read after the lock, in a statement of its own, so it sees a request that just committed.
                .call(member -> sql.preparedQuery("SELECT ceil(extract(epoch FROM (max(created_at)"
                                + " + $2 * interval '1 millisecond' - clock_timestamp())))::bigint"
                                + " FROM password_resets WHERE account_id = $3 AND membership_id = $1")
                        .execute(Tuple.of(member.membershipId(), cooldown, accountId))
                        .invoke(rows -> {
                            Long wait = rows.iterator().next().getLong(0);
                            if (wait != null && wait > 0) {
                                long seconds = wait;
                                throw new RetryLaterException(
                                        "reset-too-soon", m -> m.problem_reset_too_soon(seconds), seconds);
                            }
                        }))
                .chain(member -> {
                    LinkTokens.Minted link = links.mint();
                    String hash = link.tokenHash();
                    UUID id = Ids.next();
                    long hours = Math.max(
                            1, config.onboarding().passwordResetExpiry().toHours());
                    return sql.preparedQuery("UPDATE password_resets SET revoked_at = now()"
                                    + " WHERE account_id = $2 AND membership_id = $1"
                                    + " AND used_at IS NULL AND revoked_at IS NULL")
                            .execute(Tuple.of(member.membershipId(), accountId))
                            .chain(() -> sql.preparedQuery("INSERT INTO password_resets (id, account_id, membership_id,"
                                            + " token_hash, requested_by, expires_at, created_at)"
                                            + " VALUES ($1, $2, $3, decode($4, 'hex'), $5,"
                                            + " now() + $6 * interval '1 millisecond', clock_timestamp())")
                                    .execute(Tuple.tuple()
                                            .addUUID(id)
                                            .addUUID(accountId)
                                            .addUUID(member.membershipId())
                                            .addString(hash)
                                            .addString(actor.label())
                                            .addLong(config.onboarding()
                                                    .passwordResetExpiry()
                                                    .toMillis())))
                            .chain(() -> Outbox.enqueue(
                                    sql,
                                    accountId,
                                    MailKind.PASSWORD_RESET,
                                    member.email(),
                                    MailPayloads.passwordReset(
                                            MailPayloads.link("/password-reset/", link.seed()),
                                            member.accountName(),
                                            actor.label(),
                                            hours),
                                    "password-reset:" + id))
                            .chain(() -> AuditLog.record(
                                    sql,
                                    member.auditBy(
                                            actor, accountId, "member.password-reset-requested", new JsonObject())));
                }));
    }

    /** The live reset link of this token, or {@link LinkGoneException}. */
    public Uni<ResetFacts> find(String token) {
        byte[] hash;
        try {
            hash = SingleUseLinks.hashOf(token);
        } catch (LinkGoneException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery(
                        "SELECT r.token_hash, r.account_id, p.id, p.email, p.idp_subject,"
                                + " coalesce(p.language, a.default_language), a.name"
                                + " FROM password_resets r"
                                + " JOIN memberships m ON m.account_id = r.account_id AND m.id = r.membership_id"
                                + " JOIN profiles p ON p.id = m.profile_id"
                                + " JOIN accounts a ON a.id = r.account_id"
                                + " WHERE r.token_hash = decode($1, 'hex') AND " + SingleUseLinks.live("r")
                                + " AND m.status = 'ACTIVE' AND p.status = 'ACTIVE'"
                                + " AND NOT EXISTS (SELECT 1 FROM sso_domains s WHERE s.domain = substring(p.email FROM '@([^@]*)$'))")
                .execute(Tuple.of(SingleUseLinks.hex(hash)))
                .map(rows -> {
                    Row row = SingleUseLinks.found(rows, hash);
                    return new ResetFacts(
                            hash,
                            row.getUUID(1),
                            row.getUUID(2),
                            row.getString(3),
                            Optional.ofNullable(row.getString(4)),
                            row.getString(5),
                            row.getString(6));
                });
    }

    /**
     * Sets the new password and spends the link; the person's open sessions end. A refused
     * password changes nothing and spends nothing.
     */
    public Uni<ResetFacts> reset(String token, String password, Optional<String> confirmation) {
        return find(token).chain(reset -> {
            List<FieldProblem> problems = new ArrayList<>();
            PasswordRules.check(password, confirmation, problems);
            if (!problems.isEmpty()) {
                throw new FormRejectedException(problems);
            }
            Uni<String> subject = reset.subject().isPresent()
                    ? Uni.createFrom().item(reset.subject().get())
                    : identity.findByEmail(reset.email())
                            .map(person -> person.map(IdentityPerson::subject).orElseThrow(LinkGoneException::new));
            // As for an invitation (InvitationLinks.acceptWithPassword): the link's row stays locked
            // across the identity provider's call, so of two resets at once the one that spends the
            // link is the one whose password stays, and the other finds the link used.
            return pool.withTransaction(sql -> SingleUseLinks.hold(
                                    sql,
                                    "password_resets",
                                    reset.accountId(),
                                    reset.tokenHash(),
                                    SingleUseLinks.holdWait(config.identity()))
                            .chain(() -> subject)
                            .chain(id -> identity.setPassword(id, password)
                                    .onFailure(PasswordRefusedException.class)
                                    .transform(e -> new FormRejectedException(
                                            List.of(PasswordRules.problem((PasswordRefusedException) e))))
                                    .chain(() -> SingleUseLinks.spend(
                                            sql,
                                            "password_resets",
                                            reset.tokenHash(),
                                            new AuditEntry(
                                                    reset.accountId(),
                                                    reset.profileId(),
                                                    reset.email(),
                                                    "member.password-reset",
                                                    reset.profileId(),
                                                    reset.email(),
                                                    new JsonObject())))
                                    .replaceWith(id)))
                    .call(id -> identity.endSessions(id).onFailure().recoverWithItem(e -> {
                        LOG.warn("The password was reset but the person's sessions could not be ended");
                        return null;
                    }))
                    .replaceWith(reset);
        });
    }
}
