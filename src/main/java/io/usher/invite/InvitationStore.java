package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.Role;
import io.usher.platform.Ids;
import io.usher.platform.LinkTokens;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one account's chunk of requests in the caller's transaction: locks the account and the
 * chunk's batches, finds the requests whose outcome is already stored (returned, never applied
 * again), loads a snapshot with a few set queries, plans the rest ({@link ChunkPlanner}) and writes
 * the plan ({@link ChunkWriter}).
 */
@ApplicationScoped
public class InvitationStore {

    private final ChunkPlanner planner;

    public InvitationStore(UsherConfig config, LinkTokens links) {
        this.planner = new ChunkPlanner(
                config.invitations().linkExpiryDays(), config.mail().promptBatchMax(), Ids::next, links::mint);
    }

    /** The outcomes of the chunk, new and already stored, in request order, and what it changed. */
    public Uni<AppliedChunk> apply(
            SqlConnection sql, UUID accountId, List<InvitationRequest> requests, Lane lane, String traceparent) {
        Chunk chunk = new Chunk(accountId, requests, traceparent);
        return SnapshotLoader.account(sql, accountId, true)
                .invoke(account -> chunk.account = account)
                .chain(account -> account == null ? Uni.createFrom().voidItem() : loadBatches(sql, chunk))
                .chain(() -> chunk.account == null || chunk.batches.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : awaitOtherLane(sql, chunk, lane))
                .chain(() -> chunk.account == null ? Uni.createFrom().voidItem() : loadStored(sql, chunk))
                .chain(() -> chunk.fresh.isEmpty() ? Uni.createFrom().voidItem() : decideAndWrite(sql, chunk))
                .map(ignored -> new AppliedChunk(chunk.results(), chunk.newlyDecided(), chunk.batchesCompleted));
    }

    /**
     * The chunk's batches. A batch still RECEIVING is not ready: its request may yet fail and
     * leave nothing, so the chunk waits ({@link BatchNotReadyException}) — unless its lease ran out
     * (the replica reading it died), in which case its batch is dropped and so are its records.
     */
    private Uni<Void> loadBatches(SqlConnection sql, Chunk chunk) {
        UUID[] ids = chunk.requests.stream()
                .map(InvitationRequest::batchId)
                .distinct()
                .toArray(UUID[]::new);
        return sql.preparedQuery("DELETE FROM invitation_batches WHERE account_id = $1 AND id = ANY($2)"
                        + " AND status = 'RECEIVING' AND receiving_until < now()")
                .execute(Tuple.of(chunk.accountId, ids))
                .chain(() -> sql.preparedQuery(
                                "SELECT id, role, team_ids, requested_by, requested_by_profile_id, status, total"
                                        + " FROM invitation_batches WHERE account_id = $1 AND id = ANY($2) FOR UPDATE")
                        .execute(Tuple.of(chunk.accountId, ids)))
                .map(rows -> {
                    for (Row row : rows) {
                        if (BatchStatus.valueOf(row.getString(5)) == BatchStatus.RECEIVING) {
                            throw new BatchNotReadyException(row.getUUID(0));
                        }
                        chunk.batches.put(
                                row.getUUID(0),
                                new ChunkPlanner.BatchInfo(
                                        Role.valueOf(row.getString(1)),
                                        List.of(row.getArrayOfUUIDs(2)),
                                        row.getString(3),
                                        row.getUUID(4),
                                        row.getInteger(6)));
                    }
                    return null;
                });
    }

    /**
     * List order within the account across lanes (Lane): a batch waits while a batch of its account
     * accepted before its request began is still queued or under way in the other lane. Those
     * batches' records are all older than its own, so neither lane can end up waiting for the other.
     */
    private Uni<Void> awaitOtherLane(SqlConnection sql, Chunk chunk, Lane lane) {
        return sql.preparedQuery("SELECT e.id FROM invitation_batches e WHERE e.account_id = $1 AND e.lane <> $3"
                        + " AND e.status IN ('QUEUED', 'PROCESSING')"
                        + " AND e.queued_at < (SELECT min(created_at) FROM invitation_batches"
                        + " WHERE account_id = $1 AND id = ANY($2)) LIMIT 1")
                .execute(Tuple.of(chunk.accountId, chunk.batches.keySet().toArray(UUID[]::new), lane.name()))
                .map(rows -> {
                    if (rows.size() > 0) {
                        throw new BatchNotReadyException(rows.iterator().next().getUUID(0));
                    }
                    return null;
                });
    }

    private Uni<Void> loadStored(SqlConnection sql, Chunk chunk) {
        List<InvitationRequest> known = chunk.requests.stream()
                .filter(r -> chunk.batches.containsKey(r.batchId()))
                .toList();
        // Lookups by key, one per request, as SnapshotLoader explains: never a scan of all outcomes.
        return sql.preparedQuery("SELECT o.batch_id, o.seq, o.email, o.outcome, o.message, o.created_at"
                        + " FROM unnest($1::uuid[], $2::int[]) AS r(batch_id, seq)"
                        + " CROSS JOIN LATERAL (SELECT * FROM invitation_outcomes"
                        + " WHERE account_id = $3 AND batch_id = r.batch_id AND seq = r.seq LIMIT 1) o")
                .execute(Tuple.of(
                        known.stream().map(InvitationRequest::batchId).toArray(UUID[]::new),
                        known.stream().map(InvitationRequest::seq).toArray(Integer[]::new),
                        chunk.accountId))
                .map(rows -> {
                    for (Row row : rows) {
                        Outcome outcome = Outcome.valueOf(row.getString(3));
                        chunk.stored.put(
                                key(row.getUUID(0), row.getInteger(1)),
                                new OutcomeEvent(
                                        row.getUUID(0),
                                        chunk.accountId,
                                        row.getInteger(1),
                                        row.getString(2),
                                        outcome,
                                        outcome.severity(),
                                        row.getString(4),
                                        row.getOffsetDateTime(5).toInstant()));
                    }
                    for (InvitationRequest request : known) {
                        String key = key(request.batchId(), request.seq());
                        if (!chunk.stored.containsKey(key)) {
                            chunk.fresh.putIfAbsent(key, request);
                        }
                    }
                    return null;
                });
    }

    private Uni<Void> decideAndWrite(SqlConnection sql, Chunk chunk) {
        Set<UUID> teams = new HashSet<>();
        List<String> entries = new ArrayList<>();
        for (InvitationRequest request : chunk.fresh.values()) {
            if (!request.unreadable()) {
                entries.add(request.email());
            }
            teams.addAll(chunk.batches.get(request.batchId()).teams());
        }
        Set<UUID> liveTeams = new HashSet<>();
        AccountSnapshot snapshot = chunk.account.snapshot();
        return SnapshotLoader.learn(sql, snapshot, chunk.accountId, entries)
                .invoke(chunk.profileIds::putAll)
                .chain(() -> sql.preparedQuery("SELECT id FROM teams WHERE account_id = $1 AND id = ANY($2)")
                        .execute(Tuple.of(chunk.accountId, teams.toArray(UUID[]::new))))
                .invoke(rows -> rows.forEach(row -> liveTeams.add(row.getUUID(0))))
                .chain(() -> {
                    ChunkPlan plan = planner.plan(
                            new ChunkPlanner.Loaded(chunk.account.name(), snapshot, chunk.batches, liveTeams),
                            chunk.fresh.values(),
                            chunk.traceparent,
                            Instant.now());
                    plan.addresses()
                            .forEach(a -> chunk.decided.put(
                                    key(a.batchId(), a.decision().seq()), a.event(chunk.accountId, plan.now())));
                    return ChunkWriter.write(sql, chunk.accountId, plan, chunk.profileIds);
                })
                .invoke(completed -> chunk.batchesCompleted = completed)
                .replaceWithVoid();
    }

    static String key(UUID batchId, int seq) {
        return batchId + ":" + seq;
    }

    /** One account's requests and what was learnt of them along the way. */
    private static final class Chunk {
        final UUID accountId;
        final List<InvitationRequest> requests;
        /** The chunk's trace, which its mails carry (null when not traced). */
        final String traceparent;
        /** Profile ids by address: those found, those this chunk creates, those a racing writer created. */
        final Map<String, UUID> profileIds = new HashMap<>();

        final Map<UUID, ChunkPlanner.BatchInfo> batches = new HashMap<>();
        final Map<String, OutcomeEvent> stored = new HashMap<>();
        final Map<String, InvitationRequest> fresh = new LinkedHashMap<>();
        final Map<String, OutcomeEvent> decided = new HashMap<>();
        /** Null when the account does not exist (any more): its requests have no outcome. */
        SnapshotLoader.AccountBase account;

        int batchesCompleted;

        Chunk(UUID accountId, List<InvitationRequest> requests, String traceparent) {
            this.accountId = accountId;
            this.requests = requests;
            this.traceparent = traceparent;
        }

        Map<Outcome, Integer> newlyDecided() {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            decided.values().forEach(event -> counts.merge(event.outcome(), 1, Integer::sum));
            return counts;
        }

        /** Every request's outcome once, in request order; requests of unknown batches have none. */
        List<OutcomeEvent> results() {
            List<OutcomeEvent> results = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (InvitationRequest request : requests) {
                String key = key(request.batchId(), request.seq());
                OutcomeEvent event = stored.containsKey(key) ? stored.get(key) : decided.get(key);
                if (event != null && seen.add(key)) {
                    results.add(event);
                }
            }
            return results;
        }
    }
}
