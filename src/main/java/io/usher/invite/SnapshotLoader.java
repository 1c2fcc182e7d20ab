package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.ProfileStatus;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
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

    /**
     * Teaches the snapshot what it must know of these entries — members, profiles, SSO domains —
     * and returns the ids of the profiles that exist, by address.
     */
    static Uni<Map<String, UUID>> learn(
            SqlClient sql, AccountSnapshot snapshot, UUID accountId, Collection<String> entries) {
        Set<String> emails = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (String entry : entries) {
            EmailAddresses.canonical(entry).ifPresent(email -> {
                emails.add(email);
                domains.add(EmailAddresses.domainOf(email));
            });
        }
        List<String> members = new ArrayList<>();
        Map<String, ProfileStatus> profiles = new HashMap<>();
        Map<String, UUID> profileIds = new HashMap<>();
        Map<String, String> sso = new HashMap<>();
        return sql.preparedQuery("SELECT p.id, p.email, p.status, m.id IS NOT NULL FROM profiles p"
                        + " LEFT JOIN memberships m ON m.account_id = $1 AND m.profile_id = p.id"
                        + " WHERE p.email = ANY($2)")
                .execute(Tuple.of(accountId, emails.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(row -> {
                    String email = row.getString(1);
                    profileIds.put(email, row.getUUID(0));
                    profiles.put(email, ProfileStatus.valueOf(row.getString(2)));
                    if (row.getBoolean(3)) {
                        members.add(email);
                    }
                }))
                .chain(() -> sql.preparedQuery(
                                "SELECT domain, identity_provider FROM sso_domains WHERE domain = ANY($1)")
                        .execute(Tuple.of((Object) domains.toArray(String[]::new))))
                .invoke(rows -> rows.forEach(row -> sso.put(row.getString(0), row.getString(1))))
                .invoke(() -> snapshot.learn(members, profiles, sso))
                .replaceWith(profileIds);
    }
}
