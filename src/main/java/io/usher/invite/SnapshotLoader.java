package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The set queries behind a decision snapshot, shared by the workers (inside their transaction,
 * under the account lock) and the preview (on the pool): one query per kind of fact, for all the
 * addresses at hand, never one per address.
 */
final class SnapshotLoader {

    private SnapshotLoader() {}

    /** Seats taken now (ACTIVE + PENDING) per role. */
    static Uni<Map<Role, Integer>> seats(SqlClient sql, UUID accountId) {
        return sql.preparedQuery("SELECT role, count(*) FROM memberships WHERE account_id = $1"
                        + " AND status IN ('ACTIVE', 'PENDING') GROUP BY role")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    Map<Role, Integer> seats = new EnumMap<>(Role.class);
                    rows.forEach(row -> seats.put(
                            Role.valueOf(row.getString(0)), row.getLong(1).intValue()));
                    return seats;
                });
    }

    /** Teaches the snapshot what it must know of these entries: members, profiles, SSO domains. */
    static Uni<Void> learn(SqlClient sql, AccountSnapshot snapshot, UUID accountId, Collection<String> entries) {
        Set<String> emails = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (String entry : entries) {
            EmailAddresses.canonical(entry).ifPresent(email -> {
                emails.add(email);
                domains.add(EmailAddresses.domainOf(email));
            });
        }
        String[] emailArray = emails.toArray(String[]::new);
        List<String> members = new ArrayList<>();
        Map<String, ProfileStatus> profiles = new HashMap<>();
        Map<String, String> sso = new HashMap<>();
        return sql.preparedQuery("SELECT p.email FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                        + " WHERE m.account_id = $1 AND p.email = ANY($2)")
                .execute(Tuple.of(accountId, emailArray))
                .invoke(rows -> rows.forEach(row -> members.add(row.getString(0))))
                .chain(() -> sql.preparedQuery("SELECT email, status FROM profiles WHERE email = ANY($1)")
                        .execute(Tuple.of((Object) emailArray)))
                .invoke(rows ->
                        rows.forEach(row -> profiles.put(row.getString(0), ProfileStatus.valueOf(row.getString(1)))))
                .chain(() -> sql.preparedQuery(
                                "SELECT domain, identity_provider FROM sso_domains WHERE domain = ANY($1)")
                        .execute(Tuple.of((Object) domains.toArray(String[]::new))))
                .invoke(rows -> rows.forEach(row -> sso.put(row.getString(0), row.getString(1))))
                .invoke(() -> snapshot.learn(members, profiles, sso))
                .replaceWithVoid();
    }
}
