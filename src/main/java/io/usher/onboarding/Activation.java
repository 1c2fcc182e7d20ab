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
import java.util.Optional;
import java.util.UUID;

/**
 * The first sign-in completes an account (RULES.md, "The invitee's side"): the first
 * authenticated request of an {@code IN_PROGRESS} profile makes it {@code ACTIVE}, and its
 * {@code PENDING} memberships {@code ACTIVE} (their seats were counted when they were invited),
 * fills the names the token has and the profile lacks, and spends the invitation links of those
 * memberships. A person who has not accepted the terms of use (a first sign-in through SSO) must
 * accept them first. It works on the profile the request reached ({@link SignedInPerson#profile()}),
 * never on an address. Cheap when there is nothing to do: one read.
 */
@ApplicationScoped
public class Activation {

    private final Pool pool;

    public Activation(Pool pool) {
        this.pool = pool;
    }

    public Uni<ActivationResult> onAuthenticated(SignedInPerson person) {
        Optional<UUID> id = person.profile().id();
        if (id.isEmpty()) {
            return Uni.createFrom().item(ActivationResult.of(ActivationResult.State.NO_PROFILE, null));
        }
        return pool.preparedQuery("SELECT p.id, p.status, p.terms_accepted_at IS NOT NULL,"
                        + " EXISTS (SELECT 1 FROM memberships m WHERE m.profile_id = p.id AND m.status = 'PENDING'),"
                        + " p.email FROM profiles p WHERE p.id = $1")
                .execute(Tuple.of(id.get()))
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
                    String email = row.getString(4);
                    return pool.withTransaction(sql -> activate(sql, profileId, email, person))
                            .replaceWith(ActivationResult.of(ActivationResult.State.ACTIVE, profileId));
                });
    }

    /** Records the person's acceptance of the terms of use, then goes on as at any sign-in. */
    public Uni<ActivationResult> acceptTerms(SignedInPerson person) {
        Optional<UUID> id = person.profile().id();
        if (id.isEmpty()) {
            return onAuthenticated(person);
        }
        return pool.preparedQuery("UPDATE profiles SET terms_accepted_at = now(), updated_at = now()"
                        + " WHERE id = $1 AND terms_accepted_at IS NULL AND status <> 'DEACTIVATED'")
                .execute(Tuple.of(id.get()))
                .chain(() -> onAuthenticated(person));
    }

    private Uni<Void> activate(SqlConnection sql, UUID profileId, String email, SignedInPerson person) {
        List<AuditEntry> audit = new ArrayList<>();
        List<UUID> memberships = new ArrayList<>();
        List<UUID> accounts = new ArrayList<>();
        // Names fill what is empty and never overwrite. The subject is already bound: the request
        // that reached this profile claimed it (io.usher.platform.CallerProfiles).
        return sql.preparedQuery("UPDATE profiles SET status = 'ACTIVE', activated_at = coalesce(activated_at, now()),"
                        + " first_name = coalesce(nullif(first_name, ''), $2), last_name = coalesce(nullif(last_name, ''), $3),"
                        + " updated_at = now()"
                        + " WHERE id = $1 AND status = 'IN_PROGRESS' RETURNING email")
                .execute(Tuple.of(
                        profileId,
                        person.givenName().map(Names::clean).orElse(null),
                        person.familyName().map(Names::clean).orElse(null)))
                .invoke(rows -> rows.forEach(row -> audit.add(new AuditEntry(
                        null,
                        profileId,
                        email,
                        "profile.activated",
                        profileId,
                        email,
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
                    accounts.add(row.getUUID(1));
                    audit.add(new AuditEntry(
                            row.getUUID(1),
                            profileId,
                            email,
                            "member.activated",
                            profileId,
                            email,
                            new JsonObject()
                                    .put("before", new JsonObject().put("status", "PENDING"))
                                    .put("after", new JsonObject().put("status", "ACTIVE"))));
                }))
                .chain(() -> memberships.isEmpty()
                        ? Uni.createFrom().voidItem()
                        // One person's memberships span accounts: each invitation is named by its
                        // account and membership.
                        : sql.preparedQuery("UPDATE invitations i SET used_at = now()"
                                        + " FROM unnest($1::uuid[], $2::uuid[]) AS a(account_id, membership_id)"
                                        + " WHERE i.account_id = a.account_id AND i.membership_id = a.membership_id"
                                        + " AND i.used_at IS NULL AND i.revoked_at IS NULL")
                                .execute(Tuple.of((Object) accounts.toArray(UUID[]::new), (Object)
                                        memberships.toArray(UUID[]::new)))
                                .replaceWithVoid())
                .chain(() -> AuditLog.record(sql, audit));
    }
}
