package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes a {@link ChunkPlan} in the caller's transaction with one multi-row statement per table
 * (rows passed as column arrays to {@code unnest}), one statement at a time on the connection.
 */
final class ChunkWriter {

    private ChunkWriter() {}

    /**
     * Writes the plan; returns how many batches it completed.
     *
     * @param profileIds profile ids by address, of the profiles the chunk found; the writer adds
     *     those it creates, and those another account's writer created first
     */
    static Uni<Integer> write(SqlConnection sql, UUID accountId, ChunkPlan plan, Map<String, UUID> profileIds) {
        List<ChunkPlan.Address> memberships = plan.memberships();
        return insertProfiles(sql, plan, profileIds)
                // Every member's profile id is known from here on: found, created, or created by a racing writer.
                .map(ignored ->
                        column(memberships, a -> profileIds.get(a.membership().email()), UUID[]::new))
                .call(members -> memberships.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : insertMemberships(sql, accountId, plan, memberships, members))
                .call(() -> insertOutbox(sql, accountId, memberships)
                        .chain(outboxIds -> insertOutcomes(sql, accountId, plan, outboxIds)))
                .call(members -> insertAudit(sql, accountId, plan, memberships, members))
                .chain(() -> updateBatches(sql, accountId, plan));
    }

    private static Uni<Void> insertProfiles(SqlConnection sql, ChunkPlan plan, Map<String, UUID> profileIds) {
        if (plan.profiles().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Another account may create the same person at this very moment: theirs is kept, and used.
        plan.profiles().forEach(p -> profileIds.put(p.email(), p.id()));
        Set<String> lost = new HashSet<>(plan.profiles().size());
        plan.profiles().forEach(p -> lost.add(p.email()));
        return sql.preparedQuery("INSERT INTO profiles (id, email, status)"
                        + " SELECT id, email, 'IN_PROGRESS' FROM unnest($1::uuid[], $2::text[]) AS p(id, email)"
                        + " ON CONFLICT (email) DO NOTHING RETURNING email")
                .execute(Tuple.of(
                        column(plan.profiles(), ChunkPlan.NewProfile::id, UUID[]::new),
                        column(plan.profiles(), ChunkPlan.NewProfile::email, String[]::new)))
                .invoke(rows -> rows.forEach(row -> lost.remove(row.getString(0))))
                .chain(() -> lost.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : sql.preparedQuery("SELECT p.id, p.email FROM unnest($1::text[]) AS e(email)"
                                        + " CROSS JOIN LATERAL (SELECT id, email FROM profiles"
                                        + " WHERE email = e.email LIMIT 1) p")
                                .execute(Tuple.of((Object) lost.toArray(String[]::new)))
                                .invoke(rows -> rows.forEach(row -> profileIds.put(row.getString(1), row.getUUID(0))))
                                .replaceWithVoid());
    }

    private static Uni<Void> insertMemberships(
            SqlConnection sql, UUID accountId, ChunkPlan plan, List<ChunkPlan.Address> addresses, UUID[] profiles) {
        List<ChunkPlan.NewMembership> rows =
                addresses.stream().map(ChunkPlan.Address::membership).toList();
        UUID[] ids = column(rows, ChunkPlan.NewMembership::id, UUID[]::new);
        List<UUID[]> teams = rows.stream()
                .flatMap(m -> m.teams().stream().map(team -> new UUID[] {m.id(), team}))
                .toList();
        return sql.preparedQuery("INSERT INTO memberships (id, account_id, profile_id, role, status, invited_by,"
                        + " invited_by_profile_id, invited_at, batch_id, activated_at)"
                        + " SELECT m.id, $1, m.profile_id, m.role, m.status, m.invited_by, m.invited_by_profile,"
                        + " $2::timestamptz, m.batch_id, CASE WHEN m.status = 'ACTIVE' THEN $2::timestamptz END"
                        + " FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[])"
                        + " AS m(id, profile_id, role, status, invited_by, invited_by_profile, batch_id)")
                .execute(Tuple.tuple()
                        .addUUID(accountId)
                        .addOffsetDateTime(utc(plan.now()))
                        .addArrayOfUUID(ids)
                        .addArrayOfUUID(profiles)
                        .addArrayOfString(column(rows, m -> m.role().name(), String[]::new))
                        .addArrayOfString(column(rows, m -> m.status().name(), String[]::new))
                        .addArrayOfString(column(rows, ChunkPlan.NewMembership::invitedBy, String[]::new))
                        .addArrayOfUUID(column(rows, ChunkPlan.NewMembership::invitedByProfile, UUID[]::new))
                        .addArrayOfUUID(column(addresses, ChunkPlan.Address::batchId, UUID[]::new)))
                .chain(() -> teams.isEmpty()
                        ? Uni.createFrom().nullItem()
                        : sql.preparedQuery("INSERT INTO membership_teams (account_id, membership_id, team_id)"
                                        + " SELECT $1, m, t FROM unnest($2::uuid[], $3::uuid[]) AS x(m, t)")
                                .execute(Tuple.of(
                                        accountId,
                                        column(teams, pair -> pair[0], UUID[]::new),
                                        column(teams, pair -> pair[1], UUID[]::new))))
                .chain(() -> sql.preparedQuery("INSERT INTO invitations (token_hash, account_id, membership_id, kind,"
                                + " expires_at, created_at)"
                                + " SELECT decode(i.token_hash, 'hex'), $1, i.membership_id, i.kind, $2, $3"
                                + " FROM unnest($4::uuid[], $5::text[], $6::text[])"
                                + " AS i(membership_id, kind, token_hash)")
                        .execute(Tuple.tuple()
                                .addUUID(accountId)
                                .addOffsetDateTime(utc(plan.linkExpiry()))
                                .addOffsetDateTime(utc(plan.now()))
                                .addArrayOfUUID(ids)
                                .addArrayOfString(column(rows, m -> m.link().name(), String[]::new))
                                .addArrayOfString(column(rows, ChunkPlan.NewMembership::tokenHash, String[]::new))))
                .replaceWithVoid();
    }

    /** The new mails' outbox ids, by dedupe key. */
    private static Uni<Map<String, Long>> insertOutbox(
            SqlConnection sql, UUID accountId, List<ChunkPlan.Address> addresses) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT $1, kind, recipient, payload, dedupe_key, priority"
                        + " FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::text[], $6::smallint[])"
                        + " AS o(kind, recipient, payload, dedupe_key, priority)"
                        + " RETURNING id, dedupe_key")
                .execute(Tuple.tuple()
                        .addUUID(accountId)
                        .addArrayOfString(column(
                                addresses, a -> a.membership().link().mail().name(), String[]::new))
                        .addArrayOfString(column(addresses, a -> a.membership().email(), String[]::new))
                        .addArrayOfJsonObject(
                                column(addresses, a -> a.membership().mailPayload(), JsonObject[]::new))
                        .addArrayOfString(column(addresses, ChunkPlan.Address::mailKey, String[]::new))
                        .addArrayOfShort(column(
                                addresses, a -> a.membership().mailPriority().column(), Short[]::new)))
                .map(rows -> {
                    Map<String, Long> ids = new HashMap<>();
                    rows.forEach(row -> ids.put(row.getString(1), row.getLong(0)));
                    return ids;
                });
    }

    private static Uni<Void> insertOutcomes(
            SqlConnection sql, UUID accountId, ChunkPlan plan, Map<String, Long> outboxIds) {
        List<ChunkPlan.Address> rows = plan.addresses();
        return sql.preparedQuery("INSERT INTO invitation_outcomes (batch_id, seq, account_id, email, outcome, severity,"
                        + " message, membership_id, outbox_id, duplicate_of, created_at)"
                        + " SELECT b, s, $1, em, o, sv, msg, m, ob, d, $2"
                        + " FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],"
                        + " $9::uuid[], $10::bigint[], $11::int[]) AS x(b, s, em, o, sv, msg, m, ob, d)")
                .execute(Tuple.tuple()
                        .addUUID(accountId)
                        .addOffsetDateTime(utc(plan.now()))
                        .addArrayOfUUID(column(rows, ChunkPlan.Address::batchId, UUID[]::new))
                        .addArrayOfInteger(column(rows, a -> a.decision().seq(), Integer[]::new))
                        .addArrayOfString(column(rows, a -> a.decision().email(), String[]::new))
                        .addArrayOfString(
                                column(rows, a -> a.decision().outcome().name(), String[]::new))
                        .addArrayOfString(column(
                                rows, a -> a.decision().outcome().severity().name(), String[]::new))
                        .addArrayOfString(column(rows, a -> a.decision().message(), String[]::new))
                        .addArrayOfUUID(column(
                                rows,
                                a -> a.membership() == null
                                        ? null
                                        : a.membership().id(),
                                UUID[]::new))
                        .addArrayOfLong(column(rows, a -> outboxIds.get(a.mailKey()), Long[]::new))
                        .addArrayOfInteger(column(rows, a -> a.decision().duplicateOf(), Integer[]::new)))
                .replaceWithVoid();
    }

    private static Uni<Void> insertAudit(
            SqlConnection sql, UUID accountId, ChunkPlan plan, List<ChunkPlan.Address> addresses, UUID[] subjects) {
        if (addresses.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("INSERT INTO audit_events (account_id, at, actor_profile_id, actor, action,"
                        + " subject_profile_id, subject, details)"
                        + " SELECT $1, $2, a.actor_profile, a.actor, a.action, a.subject_profile, a.subject, a.details"
                        + " FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::jsonb[])"
                        + " AS a(actor_profile, actor, action, subject_profile, subject, details)")
                .execute(Tuple.tuple()
                        .addUUID(accountId)
                        .addOffsetDateTime(utc(plan.now()))
                        .addArrayOfUUID(column(addresses, a -> a.membership().invitedByProfile(), UUID[]::new))
                        .addArrayOfString(column(addresses, a -> a.membership().invitedBy(), String[]::new))
                        .addArrayOfString(column(addresses, ChunkPlan.Address::auditAction, String[]::new))
                        .addArrayOfUUID(subjects)
                        .addArrayOfString(column(addresses, a -> a.membership().email(), String[]::new))
                        .addArrayOfJsonObject(column(addresses, ChunkPlan.Address::auditDetails, JsonObject[]::new)))
                .replaceWithVoid();
    }

    /** Adds the chunk's counts to its batches; returns how many batches this completed. */
    private static Uni<Integer> updateBatches(SqlConnection sql, UUID accountId, ChunkPlan plan) {
        Map<UUID, int[]> counts = plan.countsByBatch();
        List<UUID> ids = List.copyOf(counts.keySet());
        Tuple args = Tuple.tuple()
                .addUUID(accountId)
                .addOffsetDateTime(utc(plan.now()))
                .addArrayOfUUID(ids.toArray(UUID[]::new));
        for (Outcome outcome : Outcome.values()) {
            args.addArrayOfInteger(column(ids, id -> counts.get(id)[outcome.ordinal()], Integer[]::new));
        }
        String processed = "b.processed + d.c0 + d.c1 + d.c2 + d.c3 + d.c4 + d.c5 + d.c6";
        return sql.preparedQuery("UPDATE invitation_batches b SET"
                        + " count_invited = b.count_invited + d.c0, count_invited_sso = b.count_invited_sso + d.c1,"
                        + " count_added_existing_user = b.count_added_existing_user + d.c2,"
                        + " count_already_member = b.count_already_member + d.c3,"
                        + " count_quota_reached = b.count_quota_reached + d.c4,"
                        + " count_invalid_email = b.count_invalid_email + d.c5,"
                        + " count_duplicate = b.count_duplicate + d.c6,"
                        + " status = CASE WHEN " + processed + " >= b.total THEN 'COMPLETED' ELSE 'PROCESSING' END,"
                        + " completed_at = CASE WHEN " + processed + " >= b.total THEN $2::timestamptz ELSE NULL END"
                        + " FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],"
                        + " $10::int[]) AS d(id, c0, c1, c2, c3, c4, c5, c6)"
                        + " WHERE b.account_id = $1 AND b.id = d.id"
                        + " RETURNING b.status = 'COMPLETED'")
                .execute(args)
                .map(rows -> {
                    int completed = 0;
                    for (Row row : rows) {
                        if (row.getBoolean(0)) {
                            completed++;
                        }
                    }
                    return completed;
                });
    }

    private static <R, C> C[] column(List<R> rows, Function<R, C> value, IntFunction<C[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
