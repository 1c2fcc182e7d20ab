package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Ids;
import io.usher.platform.LinkTokens;
import io.usher.platform.UsherConfig;
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
 * Applies one chunk of an account's batch in the caller's transaction, under the account's lock:
 * loads a snapshot with a few set queries, plans the lines in order ({@link ChunkPlanner}) and
 * writes the plan ({@link ChunkWriter}). The lines are new: a batch's lines are decided in order and
 * its counters, written with the outcomes, say where the next one starts (Inbox).
 */
@ApplicationScoped
public class InvitationStore {

    private final ChunkPlanner planner;

    public InvitationStore(UsherConfig config, LinkTokens links) {
        this.planner = new ChunkPlanner(
                config.invitations().linkExpiryDays(), config.mail().promptBatchMax(), Ids::next, links::mint);
    }

    /**
     * Decides and writes {@code requests}, lines of {@code head}'s batch from its next line on.
     *
     * @param claim the account, locked and read by the caller
     * @param traceparent the chunk's trace, which its mails carry (null when not traced)
     */
    Uni<AppliedChunk> apply(
            SqlConnection sql,
            Inbox.Claim claim,
            Inbox.Head head,
            List<InvitationRequest> requests,
            String traceparent) {
        UUID accountId = claim.accountId();
        Map<UUID, ChunkPlanner.BatchInfo> batches = Map.of(head.batchId(), head.info());
        List<String> entries = new ArrayList<>();
        for (InvitationRequest request : requests) {
            if (!request.unreadable()) {
                entries.add(request.email());
            }
        }
        // Profile ids by address: those found, those this chunk creates, those a racing writer created.
        Map<String, UUID> profileIds = new HashMap<>();
        Set<UUID> liveTeams = new HashSet<>();
        AccountSnapshot snapshot = claim.account().snapshot();
        return SnapshotLoader.learn(sql, snapshot, accountId, entries)
                .invoke(profileIds::putAll)
                .chain(() -> SnapshotLoader.earlierLines(
                        sql,
                        accountId,
                        head.batchId(),
                        head.nextSeq(),
                        head.info().total(),
                        entries))
                .invoke(snapshot::learnLines)
                .chain(() -> sql.preparedQuery("SELECT id FROM teams WHERE account_id = $1 AND id = ANY($2)")
                        .execute(Tuple.of(accountId, head.info().teams().toArray(UUID[]::new))))
                .invoke(rows -> rows.forEach(row -> liveTeams.add(row.getUUID(0))))
                .chain(() -> {
                    ChunkPlan plan = planner.plan(
                            new ChunkPlanner.Loaded(claim.account().name(), snapshot, batches, liveTeams),
                            requests,
                            traceparent,
                            Instant.now());
                    List<OutcomeEvent> decided = new ArrayList<>();
                    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
                    plan.addresses().forEach(a -> {
                        decided.add(a.event(accountId, plan.now()));
                        counts.merge(a.decision().outcome(), 1, Integer::sum);
                    });
                    return ChunkWriter.write(sql, accountId, plan, profileIds)
                            .map(completed -> new AppliedChunk(decided, counts, completed));
                });
    }
}
