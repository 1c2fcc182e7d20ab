package io.usher.invite;

import io.smallrye.mutiny.Uni;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one account's chunk of requests in the caller's transaction, under the account's lock:
 * loads a snapshot with a few set queries, plans the requests in order ({@link ChunkPlanner}) and
 * writes the plan ({@link ChunkWriter}). The requests are new: a batch's lines are decided in order
 * and its counters, written with the outcomes, say where the next one starts (Inbox).
 */
@ApplicationScoped
public class InvitationStore {

    private final ChunkPlanner planner;

    public InvitationStore(UsherConfig config, LinkTokens links) {
        this.planner = new ChunkPlanner(
                config.invitations().linkExpiryDays(), config.mail().promptBatchMax(), Ids::next, links::mint);
    }

    /**
     * The chunk an applier took from the inbox: its account is locked and read (the claim), its
     * batch is the account's head, read under that lock.
     */
    Uni<AppliedChunk> apply(
            SqlConnection sql,
            Inbox.Claim claim,
            Inbox.Head head,
            List<InvitationRequest> requests,
            String traceparent) {
        Chunk chunk = new Chunk(claim.accountId(), requests, traceparent);
        chunk.account = claim.account();
        chunk.batches.put(head.batchId(), head.info());
        return decideAndWrite(sql, chunk).map(ignored -> chunk.applied());
    }

    /**
     * A batch's lines known whole to the caller (an account's first administrator), decided in the
     * caller's transaction: the account is locked here, the lock every writer of memberships holds.
     */
    public Uni<AppliedChunk> apply(
            SqlConnection sql, UUID accountId, List<InvitationRequest> requests, String traceparent) {
        Chunk chunk = new Chunk(accountId, requests, traceparent);
        return SnapshotLoader.account(sql, accountId, true)
                .invoke(account -> chunk.account = account)
                .chain(account -> account == null ? Uni.createFrom().voidItem() : loadBatches(sql, chunk))
                .chain(() -> chunk.account == null || chunk.batches.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : decideAndWrite(sql, chunk))
                .map(ignored -> chunk.applied());
    }

    private Uni<Void> loadBatches(SqlConnection sql, Chunk chunk) {
        UUID[] ids = chunk.requests.stream()
                .map(InvitationRequest::batchId)
                .distinct()
                .toArray(UUID[]::new);
        return sql.preparedQuery(
                        "SELECT id, role, team_ids, requested_by, requested_by_profile_id, total FROM invitation_batches"
                                + " WHERE account_id = $1 AND id = ANY($2) AND status IN ('QUEUED', 'PROCESSING')"
                                + " FOR NO KEY UPDATE")
                .execute(Tuple.of(chunk.accountId, ids))
                .map(rows -> {
                    for (Row row : rows) {
                        chunk.batches.put(row.getUUID(0), Inbox.batchInfo(row));
                    }
                    return null;
                });
    }

    private Uni<Void> decideAndWrite(SqlConnection sql, Chunk chunk) {
        Set<UUID> teams = new HashSet<>();
        List<String> entries = new ArrayList<>();
        for (InvitationRequest request : chunk.fresh()) {
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
                            chunk.fresh(),
                            chunk.traceparent,
                            Instant.now());
                    plan.addresses().forEach(a -> chunk.decided.add(a.event(chunk.accountId, plan.now())));
                    return ChunkWriter.write(sql, chunk.accountId, plan, chunk.profileIds);
                })
                .invoke(completed -> chunk.batchesCompleted = completed)
                .replaceWithVoid();
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
        final List<OutcomeEvent> decided = new ArrayList<>();
        /** Null when the account does not exist (any more): its requests have no outcome. */
        SnapshotLoader.AccountBase account;

        int batchesCompleted;

        Chunk(UUID accountId, List<InvitationRequest> requests, String traceparent) {
            this.accountId = accountId;
            this.requests = requests;
            this.traceparent = traceparent;
        }

        /** The requests of batches still to decide; those of a batch gone or completed have no outcome. */
        List<InvitationRequest> fresh() {
            return requests.stream()
                    .filter(request -> batches.containsKey(request.batchId()))
                    .toList();
        }

        AppliedChunk applied() {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            decided.forEach(event -> counts.merge(event.outcome(), 1, Integer::sum));
            return new AppliedChunk(decided, counts, batchesCompleted);
        }
    }
}
