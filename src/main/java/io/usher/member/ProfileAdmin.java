package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.identity.IdentityPerson;
import io.usher.identity.IdentityProvider;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.usher.platform.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every profile on the platform, for platform administrators: a directory with search, one
 * profile with all its accounts, and deactivation — the person can no longer sign in anywhere,
 * their open sessions end, and every account refuses their next request.
 */
@ApplicationScoped
public class ProfileAdmin {

    private static final String COLUMNS =
            "p.id, p.email, p.first_name, p.last_name, p.phone, p.status, p.created_at, p.last_signed_in_at";

    private final Pool pool;
    private final IdentityProvider identity;

    public ProfileAdmin(Pool pool, IdentityProvider identity) {
        this.pool = pool;
        this.identity = identity;
    }

    /** Profiles by email, filtered by status and by any part of their email or name. */
    public Uni<PageView<ProfileView>> list(Optional<ProfileStatus> status, Optional<String> text, PageQuery page) {
        Optional<String> pattern =
                new MemberFilter(Optional.empty(), Optional.empty(), Optional.empty(), text).pattern();
        String where = " WHERE ($1::text IS NULL OR p.status = $1)"
                + (pattern.isPresent()
                        ? " AND profile_search_text(p.email, p.first_name, p.last_name) ILIKE $2"
                        : " AND $2::text IS NULL");
        Tuple filter = Tuple.of(status.map(Enum::name).orElse(null), pattern.orElse(null));
        Uni<List<ProfileView>> items = page.beyondAnyList()
                ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("SELECT " + COLUMNS + " FROM profiles p" + where
                                + " ORDER BY p.email LIMIT $3 OFFSET $4")
                        .execute(Tuple.of(filter.getValue(0), filter.getValue(1), page.size, page.offset()))
                        .map(rows -> {
                            List<ProfileView> found = new ArrayList<>();
                            rows.forEach(row -> found.add(view(row, null)));
                            return found;
                        });
        return items.chain(found -> pool.preparedQuery("SELECT count(*) FROM profiles p" + where)
                .execute(filter)
                .map(rows -> new PageView<>(
                        found, page.page, page.size, rows.iterator().next().getLong(0))));
    }

    public Uni<ProfileView> get(UUID profileId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM profiles p WHERE p.id = $1")
                .execute(Tuple.of(profileId))
                .chain(rows -> {
                    Row profile = Rows.single(rows, ProblemException::userNotFound);
                    return pool.preparedQuery("SELECT m.account_id, a.name, m.role, m.status FROM memberships m"
                                    + " JOIN accounts a ON a.id = m.account_id WHERE m.profile_id = $1"
                                    + " ORDER BY lower(a.name), a.id")
                            .execute(Tuple.of(profileId))
                            .map(places -> {
                                List<ProfileView.AccountPlace> accounts = new ArrayList<>();
                                places.forEach(row -> accounts.add(new ProfileView.AccountPlace(
                                        row.getUUID(0),
                                        row.getString(1),
                                        Role.valueOf(row.getString(2)),
                                        MembershipStatus.valueOf(row.getString(3)))));
                                return view(profile, accounts);
                            });
                });
    }

    /**
     * Deactivates the profile: first at the identity provider (disabled, sessions ended), so that a
     * failure there changes nothing here and the call can simply be repeated; then here, with an
     * audit entry in every account the person belongs to.
     */
    public Uni<ProfileView> deactivate(Actor actor, UUID profileId) {
        return get(profileId)
                .chain(profile -> subjectOf(profile)
                        .chain(subject -> subject.map(id -> identity.disable(id).chain(() -> identity.endSessions(id)))
                                .orElse(Uni.createFrom().voidItem()))
                        .chain(() -> pool.withTransaction(sql -> sql.preparedQuery(
                                        "UPDATE profiles SET status = 'DEACTIVATED',"
                                                + " deactivated_at = coalesce(deactivated_at, now()), updated_at = now()"
                                                + " WHERE id = $1 AND status <> 'DEACTIVATED' RETURNING id")
                                .execute(Tuple.of(profileId))
                                .chain(changed -> {
                                    if (changed.rowCount() == 0) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    JsonObject details = new JsonObject()
                                            .put(
                                                    "before",
                                                    new JsonObject()
                                                            .put(
                                                                    "status",
                                                                    profile.status()
                                                                            .name()))
                                            .put("after", new JsonObject().put("status", "DEACTIVATED"));
                                    return AuditLog.record(sql, audit(actor, profile, "profile.deactivated", details));
                                })))
                        .chain(() -> get(profileId)));
    }

    /**
     * The person at the identity provider: the subject the profile is bound to, or, for a profile
     * no sign-in has claimed yet, the provider's person of that address.
     */
    private Uni<Optional<String>> subjectOf(ProfileView profile) {
        return pool.preparedQuery("SELECT idp_subject FROM profiles WHERE id = $1")
                .execute(Tuple.of(profile.id()))
                .chain(rows -> {
                    String bound =
                            rows.size() == 0 ? null : rows.iterator().next().getString(0);
                    return bound != null
                            ? Uni.createFrom().item(Optional.of(bound))
                            : identity.findByEmail(profile.email()).map(person -> person.map(IdentityPerson::subject));
                });
    }

    /**
     * Lets a deactivated person sign in again: first at the identity provider (enabled), then here,
     * audited in every account they belong to, as deactivation is. The profile returns to what it
     * was: {@code ACTIVE} if it was ever activated or signed in, else {@code IN_PROGRESS} (its memberships were left
     * as they were). Should the second step fail, the person stays refused by Usher
     * (problem {@code deactivated}) and the call can be repeated. A profile that is not deactivated
     * is a 409 problem {@code not-deactivated}.
     */
    public Uni<ProfileView> reactivate(Actor actor, UUID profileId) {
        return get(profileId).chain(profile -> {
            if (profile.status() != ProfileStatus.DEACTIVATED) {
                return Uni.createFrom()
                        .failure(ProblemException.conflict("not-deactivated", ApiMessages::problem_not_deactivated));
            }
            return subjectOf(profile)
                    .chain(subject -> subject.map(identity::enable)
                            .orElse(Uni.createFrom().voidItem()))
                    .chain(() -> pool.withTransaction(sql -> sql.preparedQuery("UPDATE profiles SET status ="
                                    + " CASE WHEN activated_at IS NULL AND last_signed_in_at IS NULL THEN 'IN_PROGRESS'"
                                    + " ELSE 'ACTIVE' END,"
                                    + " deactivated_at = NULL, updated_at = now()"
                                    + " WHERE id = $1 AND status = 'DEACTIVATED' RETURNING status")
                            .execute(Tuple.of(profileId))
                            .chain(changed -> {
                                if (changed.rowCount() == 0) {
                                    return Uni.createFrom().voidItem();
                                }
                                JsonObject details = new JsonObject()
                                        .put("before", new JsonObject().put("status", "DEACTIVATED"))
                                        .put(
                                                "after",
                                                new JsonObject()
                                                        .put(
                                                                "status",
                                                                changed.iterator()
                                                                        .next()
                                                                        .getString(0)));
                                return AuditLog.record(sql, audit(actor, profile, "profile.reactivated", details));
                            })))
                    .chain(() -> get(profileId));
        });
    }

    /** One entry in every account the person belongs to, or one of the platform's when none. */
    private static List<AuditEntry> audit(Actor actor, ProfileView profile, String action, JsonObject details) {
        List<AuditEntry> audit = new ArrayList<>();
        for (ProfileView.AccountPlace place : profile.accounts()) {
            audit.add(entry(actor, place.accountId(), profile, action, details));
        }
        if (audit.isEmpty()) {
            audit.add(entry(actor, null, profile, action, details));
        }
        return audit;
    }

    private static AuditEntry entry(
            Actor actor, UUID accountId, ProfileView profile, String action, JsonObject details) {
        return new AuditEntry(
                accountId, null, actor.email().orElse(actor.subject()), action, profile.id(), profile.email(), details);
    }

    private static ProfileView view(Row row, List<ProfileView.AccountPlace> accounts) {
        return new ProfileView(
                row.getUUID(0),
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                ProfileStatus.valueOf(row.getString(5)),
                row.getOffsetDateTime(6).toInstant(),
                Optional.ofNullable(row.getOffsetDateTime(7))
                        .map(java.time.OffsetDateTime::toInstant)
                        .orElse(null),
                accounts);
    }
}
