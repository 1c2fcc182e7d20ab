package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import io.vertx.mutiny.sqlclient.Row;
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

    /** An account as a decision starts from: its name, quotas and seats taken now. */
    record AccountBase(String name, Map<Role, Integer> quotas, Map<Role, Integer> seats) {

        AccountSnapshot snapshot() {
            return new AccountSnapshot(quotas, seats, List.of(), Map.of(), Map.of());
        }
    }

    /**
     * The account's base, or null when there is no such account. The workers read it {@code FOR NO
     * KEY UPDATE}: it excludes every other writer of memberships (each locks the account), which
     * makes their quota checks exact, but not a new batch's insert (a key lock on the account).
     */
    static Uni<AccountBase> account(SqlClient sql, UUID accountId, boolean lock) {
        return sql.preparedQuery("SELECT name, quota_site_admin, quota_editor, seats_site_admin, seats_editor"
                        + " FROM accounts WHERE id = $1" + (lock ? " FOR NO KEY UPDATE" : ""))
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    return base(rows.iterator().next(), 0);
                });
    }

    /** The base from a row's name, quota_site_admin, quota_editor, seats_site_admin, seats_editor from {@code first}. */
    static AccountBase base(Row row, int first) {
        Map<Role, Integer> quotas = new EnumMap<>(Role.class);
        Map<Role, Integer> seats = new EnumMap<>(Role.class);
        quotas.put(Role.SITE_ADMIN, row.getInteger(first + 1));
        quotas.put(Role.EDITOR, row.getInteger(first + 2));
        seats.put(Role.SITE_ADMIN, row.getInteger(first + 3));
        seats.put(Role.EDITOR, row.getInteger(first + 4));
        return new AccountBase(row.getString(first), quotas, seats);
    }

    /**
     * Lists up to this many lines are searched whole for a line repeated in an earlier chunk; in
     * a longer one a repeat is found within its chunk (2,000 lines) only. Reading the batch's
     * earlier outcomes costs little up to here; an index to find them in any list cost a sixth of
     * the bulk path's speed (a 100,000-address batch at 7,648 addresses/s against 9,222 without it,
     * 40 % of PostgreSQL's COPY of the same rows where 45 % is the floor).
     */
    static final int EARLIER_LINES_SEARCHED = 20_000;

    /**
     * The first line of the batch each of these entries' addresses was met on, among the lines
     * already decided (earlier chunks): a repeat in this chunk is a duplicate of that line. Nothing
     * to read for a batch's first chunk, nor in a list longer than {@link #EARLIER_LINES_SEARCHED}.
     */
    static Uni<Map<String, Integer>> earlierLines(
            SqlClient sql, UUID accountId, UUID batchId, int firstSeq, int total, Collection<String> entries) {
        if (firstSeq <= 1 || total > EARLIER_LINES_SEARCHED) {
            return Uni.createFrom().item(new HashMap<>());
        }
        Set<String> emails = new HashSet<>();
        for (String entry : entries) {
            EmailAddresses.canonical(entry).ifPresent(emails::add);
        }
        Map<String, Integer> lines = new HashMap<>();
        if (emails.isEmpty()) {
            return Uni.createFrom().item(lines);
        }
        return sql.preparedQuery("SELECT email, min(seq) FROM invitation_outcomes"
                        + " WHERE account_id = $1 AND batch_id = $2 AND email = ANY($3) GROUP BY email")
                .execute(Tuple.of(accountId, batchId, emails.toArray(String[]::new)))
                .map(rows -> {
                    rows.forEach(row -> lines.put(row.getString(0), row.getInteger(1)));
                    return lines;
                });
    }

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
        // One index lookup per address, whatever the planner believes: joined plainly, a list of
        // thousands made it hash the whole profiles table (measured: 3 ms became 100 ms a chunk
        // at 300,000 profiles). A LIMITed lateral subquery is never flattened, so it stays a
        // nested loop over the unique indexes.
        return sql.preparedQuery("SELECT p.id, p.email, p.status, m.profile_id IS NOT NULL"
                        + " FROM unnest($2::text[]) AS e(email)"
                        + " CROSS JOIN LATERAL (SELECT id, email, status FROM profiles WHERE email = e.email LIMIT 1) p"
                        + " LEFT JOIN LATERAL (SELECT profile_id FROM memberships"
                        + "  WHERE account_id = $1 AND profile_id = p.id LIMIT 1) m ON true")
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
