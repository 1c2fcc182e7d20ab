package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.member.ProfileStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The first sign-in completes an account (RULES.md, "The invitee's side"): the first
 * authenticated request of an {@code IN_PROGRESS} profile makes it {@code ACTIVE}, and its
 * {@code PENDING} memberships {@code ACTIVE} (their seats were counted when they were invited),
 * fills the names the token has and the profile lacks, and spends the invitation links of those
 * memberships. A person who has not accepted the terms of use (a first sign-in through SSO) must
 * accept them first. Cheap when there is nothing to do: one read.
 */
@ApplicationScoped
public class Activation {

    private final Pool pool;

    public Activation(Pool pool) {
        this.pool = pool;
    }

    public Uni<ActivationResult> onAuthenticated(SignedInPerson person) {
        return pool.preparedQuery("SELECT p.id, p.status, p.terms_accepted_at IS NOT NULL,"
                        + " EXISTS (SELECT 1 FROM memberships m WHERE m.profile_id = p.id AND m.status = 'PENDING')"
                        + " FROM profiles p WHERE p.email = $1")
                .execute(Tuple.of(person.email()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(ActivationResult.of(ActivationResult.State.NO_PROFILE, null));
                    }
                    Row row = rows.iterator().next();
                    UUID profileId = row.getUUID(0);
                    ProfileStatus status = ProfileStatus.valueOf(row.getString(1));
                    if (status == ProfileStatus.DEACTIVATED) {
                        return Uni.createFrom()
                                .item(ActivationResult.of(ActivationResult.State.DEACTIVATED, profileId));
                    }
                    if (status == ProfileStatus.IN_PROGRESS && !row.getBoolean(2)) {
                        return Uni.createFrom()
                                .item(ActivationResult.of(ActivationResult.State.TERMS_REQUIRED, profileId));
                    }
                    if (status == ProfileStatus.ACTIVE && !row.getBoolean(3)) {
                        return Uni.createFrom().item(ActivationResult.of(ActivationResult.State.ACTIVE, profileId));
                    }
                    return pool.withTransaction(sql -> activate(sql, profileId, person))
                            .replaceWith(ActivationResult.of(ActivationResult.State.ACTIVE, profileId));
                });
    }

    /** Records the person's acceptance of the terms of use, then goes on as at any sign-in. */
    public Uni<ActivationResult> acceptTerms(SignedInPerson person) {
        return pool.preparedQuery("UPDATE profiles SET terms_accepted_at = now(), updated_at = now()"
                        + " WHERE email = $1 AND terms_accepted_at IS NULL AND status <> 'DEACTIVATED'")
                .execute(Tuple.of(person.email()))
                .chain(() -> onAuthenticated(person));
    }

    private Uni<Void> activate(SqlConnection sql, UUID profileId, SignedInPerson person) {
        List<AuditEntry> audit = new ArrayList<>();
        List<UUID> memberships = new ArrayList<>();
        // Names and the subject fill what is empty and never overwrite; a subject another profile
        // already holds (the person's email changed at the provider) is left unset rather than stolen.
        return sql.preparedQuery("UPDATE profiles SET status = 'ACTIVE', activated_at = coalesce(activated_at, now()),"
                        + " first_name = coalesce(nullif(first_name, ''), $3), last_name = coalesce(nullif(last_name, ''), $4),"
                        + " idp_subject = coalesce(idp_subject,"
                        + "  (SELECT $2::text WHERE NOT EXISTS (SELECT 1 FROM profiles o WHERE o.idp_subject = $2))),"
                        + " updated_at = now()"
                        + " WHERE id = $1 AND status = 'IN_PROGRESS' RETURNING email")
                .execute(Tuple.of(
                        profileId,
                        person.subject(),
                        person.givenName().map(Names::clean).orElse(null),
                        person.familyName().map(Names::clean).orElse(null)))
                .invoke(rows -> rows.forEach(row -> audit.add(new AuditEntry(
                        null,
                        profileId,
                        person.email(),
                        "profile.activated",
                        profileId,
                        person.email(),
                        new JsonObject()
                                .put("before", new JsonObject().put("status", "IN_PROGRESS"))
                                .put("after", new JsonObject().put("status", "ACTIVE"))))))
                .chain(() -> sql.preparedQuery("UPDATE memberships m SET status = 'ACTIVE', activated_at = now(),"
                                + " updated_at = now() FROM profiles p"
                                + " WHERE m.profile_id = $1 AND m.status = 'PENDING' AND p.id = m.profile_id"
                                + " AND p.status = 'ACTIVE' RETURNING m.id, m.account_id")
                        .execute(Tuple.of(profileId)))
                .invoke(rows -> rows.forEach(row -> {
                    memberships.add(row.getUUID(0));
                    audit.add(new AuditEntry(
                            row.getUUID(1),
                            profileId,
                            person.email(),
                            "member.activated",
                            profileId,
                            person.email(),
                            new JsonObject()
                                    .put("before", new JsonObject().put("status", "PENDING"))
                                    .put("after", new JsonObject().put("status", "ACTIVE"))));
                }))
                .chain(() -> memberships.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : sql.preparedQuery("UPDATE invitations SET used_at = now() WHERE membership_id = ANY($1)"
                                        + " AND used_at IS NULL AND revoked_at IS NULL")
                                .execute(Tuple.of((Object) memberships.toArray(UUID[]::new)))
                                .replaceWithVoid())
                .chain(() -> AuditLog.record(sql, audit));
    }
}
