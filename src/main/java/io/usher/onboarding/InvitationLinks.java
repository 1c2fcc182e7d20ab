package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.identity.IdentityProvider;
import io.usher.identity.NewCredential;
import io.usher.identity.PasswordRefusedException;
import io.usher.invite.LinkKind;
import io.usher.member.ProfileStatus;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Invitation links from the invitee's side: what a link is for, and doing it. Opening a link
 * changes nothing (mail scanners open links); a set-password link is spent when the password is
 * set, an existing-user link when the person is sent to sign in, an SSO link at the first sign-in
 * through the company's provider ({@link Activation}).
 */
@ApplicationScoped
public class InvitationLinks {

    private final Pool pool;
    private final IdentityProvider identity;
    private final Duration holdWait;

    public InvitationLinks(Pool pool, IdentityProvider identity, UsherConfig config) {
        this.pool = pool;
        this.identity = identity;
        this.holdWait = SingleUseLinks.holdWait(config.identity());
    }

    /** The live link of this token; anything else fails with {@link LinkGoneException}. */
    public Uni<LinkFacts> find(String token) {
        byte[] hash;
        try {
            hash = SingleUseLinks.hashOf(token);
        } catch (LinkGoneException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.preparedQuery("SELECT i.token_hash, i.account_id, a.name, a.default_language, i.membership_id,"
                        + " p.id, p.email, p.status, p.language, s.identity_provider, m.invited_by, i.kind,"
                        + " i.expires_at, p.idp_subject"
                        + " FROM invitations i"
                        + " JOIN memberships m ON m.account_id = i.account_id AND m.id = i.membership_id"
                        + " JOIN accounts a ON a.id = i.account_id"
                        + " JOIN profiles p ON p.id = m.profile_id"
                        + " LEFT JOIN sso_domains s ON s.domain = substring(p.email FROM '@([^@]*)$')"
                        + " WHERE i.token_hash = decode($1, 'hex') AND " + SingleUseLinks.live("i")
                        + " AND m.status IN ('PENDING', 'ACTIVE') AND p.status <> 'DEACTIVATED'")
                .execute(Tuple.of(SingleUseLinks.hex(hash)))
                .map(rows -> facts(SingleUseLinks.found(rows, hash)));
    }

    private static LinkFacts facts(Row row) {
        ProfileStatus status = ProfileStatus.valueOf(row.getString(7));
        Optional<String> sso = Optional.ofNullable(row.getString(9));
        LinkKind kind;
        if (sso.isPresent()) {
            kind = LinkKind.SSO;
        } else if (status == ProfileStatus.IN_PROGRESS && row.getString(13) == null) {
            kind = LinkKind.PASSWORD;
        } else {
            kind = LinkKind.EXISTING_USER;
        }
        return new LinkFacts(
                row.getBuffer(0).getBytes(),
                row.getUUID(1),
                row.getString(2),
                row.getString(3),
                row.getUUID(4),
                row.getUUID(5),
                row.getString(6),
                status,
                Optional.ofNullable(row.getString(8)),
                sso,
                row.getString(10),
                kind,
                row.getOffsetDateTime(12).toInstant());
    }

    /**
     * Sets the person up with the password they chose, then spends the link. A form with problems,
     * or a password the identity provider refuses, changes nothing and spends nothing.
     */
    public Uni<URI> acceptWithPassword(String token, AcceptForm form, boolean confirmationRequired) {
        return find(token).chain(link -> {
            if (link.kind() != LinkKind.PASSWORD) {
                throw new WrongLinkKindException(link.kind());
            }
            List<FieldProblem> problems = form.problems(confirmationRequired);
            if (!problems.isEmpty()) {
                throw new FormRejectedException(problems);
            }
            NewCredential credential = new NewCredential(
                    link.email(), form.firstName().strip(), form.lastName().strip(), form.language(), form.password());
            // The link's row stays locked across the identity provider's call, so two acceptances of
            // one link set the password one after the other and the second finds the link spent: the
            // password that stays is the one of the acceptance that succeeded. A claim written before
            // the call would need releasing on every failure (a refused password keeps the link live);
            // the lock is released by the rollback. It holds a connection for one Keycloak call,
            // which is bounded (time-outs, retries, the circuit breaker), and a waiter gives up after
            // that bound with a 503 instead of queueing for ever.
            return pool.withTransaction(sql -> SingleUseLinks.hold(
                                    sql, "invitations", link.accountId(), link.tokenHash(), holdWait)
                            .chain(() -> identity.createWithPassword(credential)
                                    .onFailure(PasswordRefusedException.class)
                                    .transform(e -> new FormRejectedException(
                                            List.of(PasswordRules.problem((PasswordRefusedException) e)))))
                            .chain(subject -> spend(sql, link, "invitation.accepted")
                                    .chain(() -> sql.preparedQuery(
                                                    "UPDATE profiles SET first_name = $2, last_name = $3,"
                                                            + " phone = $4, language = $5, terms_accepted_at = coalesce(terms_accepted_at, now()),"
                                                            + " idp_subject = coalesce(idp_subject, $6), updated_at = now() WHERE id = $1")
                                            .execute(Tuple.tuple()
                                                    .addUUID(link.profileId())
                                                    .addString(credential.firstName())
                                                    .addString(credential.lastName())
                                                    .addString(form.phoneOrNull())
                                                    .addString(form.language())
                                                    .addString(subject)))))
                    .replaceWith(() -> identity.signInUrl(link.email(), Optional.empty(), form.language()));
        });
    }

    /**
     * Where the person of an SSO or existing-user link goes to sign in; an existing-user link is
     * spent on the way, an SSO link at the first sign-in.
     */
    public Uni<URI> proceed(String token) {
        return find(token).chain(link -> switch (link.kind()) {
            case PASSWORD -> throw new WrongLinkKindException(link.kind());
            case SSO ->
                Uni.createFrom().item(identity.signInUrl(link.email(), link.identityProvider(), link.language()));
            case EXISTING_USER ->
                pool.withTransaction(sql -> spend(sql, link, "invitation.opened"))
                        .replaceWith(() -> identity.signInUrl(link.email(), Optional.empty(), link.language()));
        });
    }

    private static Uni<Void> spend(SqlConnection sql, LinkFacts link, String action) {
        return SingleUseLinks.spend(
                sql,
                "invitations",
                link.tokenHash(),
                new AuditEntry(
                        link.accountId(),
                        link.profileId(),
                        link.email(),
                        action,
                        link.profileId(),
                        link.email(),
                        new JsonObject().put("kind", link.kind().name())));
    }
}
