package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.Role;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The invitation inbox in SQL (V15): slices of request lines written as the workers read them from
 * Kafka, and each account's next chunk taken from them in turn. Every statement but the claim names
 * the account; the claim is the scheduler's one look over every account with work.
 */
final class Inbox {

    private Inbox() {}

    /** Consecutive lines of one batch; an element is null for a line whose record could not be read. */
    record Slice(UUID batchId, UUID accountId, int firstSeq, List<String> emails, String traceparent) {

        int lastSeq() {
            return firstSeq + emails.size() - 1;
        }
    }

    /** The account an applier serves now, its turn and its row locked, with its quotas and seats as they are. */
    record Claim(UUID accountId, SnapshotLoader.AccountBase account) {}

    /** The batch an account decides next, and its first line not decided yet. */
    record Head(UUID batchId, ChunkPlanner.BatchInfo info, int nextSeq) {}

    /** A chunk's lines, in order from the head's next line, and the traces they came with. */
    record Lines(List<InvitationRequest> requests, List<String> traceparents) {}

    /**
     * Stores the slices of one poll in one statement. Slices of a batch that is gone (its request
     * failed) or already completed (a redelivery) are dropped; a slice stored before is not stored
     * twice.
     */
    static Uni<Void> store(Pool pool, List<Slice> slices) {
        int n = slices.size();
        UUID[] batches = new UUID[n];
        UUID[] accounts = new UUID[n];
        Integer[] firstSeqs = new Integer[n];
        Integer[] from = new Integer[n];
        Integer[] to = new Integer[n];
        String[] traces = new String[n];
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Slice slice = slices.get(i);
            batches[i] = slice.batchId();
            accounts[i] = slice.accountId();
            firstSeqs[i] = slice.firstSeq();
            traces[i] = slice.traceparent();
            from[i] = emails.size() + 1;
            emails.addAll(slice.emails());
            to[i] = emails.size();
        }
        // One flat array of addresses, cut into each slice's rows by PostgreSQL: slices differ in
        // length, so they cannot travel as one two-dimensional array.
        return pool.preparedQuery("INSERT INTO invitation_inbox (batch_id, first_seq, last_seq, account_id, emails,"
                        + " traceparent)"
                        + " SELECT s.batch_id, s.first_seq, s.first_seq + s.hi - s.lo, s.account_id,"
                        + " ($6::text[])[s.lo:s.hi], s.traceparent"
                        + " FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::int[], $7::text[])"
                        + " AS s(batch_id, account_id, first_seq, lo, hi, traceparent)"
                        + " WHERE EXISTS (SELECT 1 FROM invitation_batches b WHERE b.account_id = s.account_id"
                        + " AND b.id = s.batch_id AND b.status <> 'COMPLETED')"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(batches, accounts, firstSeqs, from, to, emails.toArray(String[]::new))
                        .addArrayOfString(traces))
                .replaceWithVoid();
    }

    /**
     * Claims the account to serve next: among the accounts whose oldest unfinished batch has lines
     * waiting here, the one served longest ago, skipping turns another applier holds; then locks the
     * account against every other writer of its memberships (they lock it too; a new batch's key
     * lock does not conflict). The turns are walked from the front of their index, so a claim reads
     * a few rows however many accounts wait. Null when none is ready.
     */
    static Uni<Claim> claim(SqlConnection sql) {
        return sql.preparedQuery("UPDATE invitation_turns t SET served_at = clock_timestamp()"
                        + " FROM (SELECT n.account_id FROM invitation_turns n"
                        + " CROSS JOIN LATERAL (SELECT b.id, b.processed FROM invitation_batches b"
                        + " WHERE b.account_id = n.account_id AND b.status IN ('QUEUED', 'PROCESSING')"
                        + " ORDER BY b.queued_at, b.id LIMIT 1) h"
                        + " WHERE EXISTS (SELECT 1 FROM invitation_inbox i WHERE i.batch_id = h.id"
                        + " AND i.last_seq > h.processed)"
                        + " ORDER BY n.served_at NULLS FIRST, n.account_id"
                        + " LIMIT 1 FOR NO KEY UPDATE OF n SKIP LOCKED) claimed"
                        + " WHERE t.account_id = claimed.account_id RETURNING t.account_id")
                .execute()
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    UUID accountId = rows.iterator().next().getUUID(0);
                    return SnapshotLoader.account(sql, accountId, true)
                            .map(account -> account == null ? null : new Claim(accountId, account));
                });
    }

    /**
     * The account's oldest unfinished batch, by when it was queued (its body read whole), read
     * again under the account's lock: the claim's view may predate another applier's last chunk.
     */
    static Uni<Head> head(SqlConnection sql, UUID accountId) {
        return sql.preparedQuery("SELECT id, role, team_ids, requested_by, requested_by_profile_id, total, processed"
                        + " FROM invitation_batches WHERE account_id = $1 AND status IN ('QUEUED', 'PROCESSING')"
                        + " ORDER BY queued_at, id LIMIT 1 FOR NO KEY UPDATE")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Head(row.getUUID(0), batchInfo(row), row.getInteger(6) + 1);
                });
    }

    /** A batch row's id, role, team_ids, requested_by, requested_by_profile_id, total: what its lines share. */
    static ChunkPlanner.BatchInfo batchInfo(Row row) {
        return new ChunkPlanner.BatchInfo(
                Role.valueOf(row.getString(1)),
                List.of(row.getArrayOfUUIDs(2)),
                row.getString(3),
                row.getUUID(4),
                row.getInteger(5));
    }

    /**
     * The head's next lines, up to the end of their aligned block of {@code chunkSize} lines. A line
     * missing before one that is here was read from Kafka and could not be attributed to its place
     * (Kafka hands a partition's records over in order, and a poll's slices are stored at once): it
     * is decided as unreadable rather than waited for.
     */
    static Uni<Lines> lines(SqlConnection sql, UUID accountId, Head head, int chunkSize) {
        int next = head.nextSeq();
        int end = Math.min(head.info().total(), ((next - 1) / chunkSize + 1) * chunkSize);
        return sql.preparedQuery("SELECT first_seq, emails, traceparent FROM invitation_inbox"
                        + " WHERE account_id = $1 AND batch_id = $2 AND last_seq >= $3 AND first_seq <= $4"
                        + " ORDER BY first_seq")
                .execute(Tuple.of(accountId, head.batchId(), next, end))
                .chain(rows -> {
                    LineCollector lines = new LineCollector(head, accountId, end);
                    for (Row row : rows) {
                        lines.add(row.getInteger(0), row.getArrayOfStrings(1), row.getString(2));
                    }
                    if (!lines.isEmpty()) {
                        return Uni.createFrom().item(lines.result());
                    }
                    return firstWaiting(sql, accountId, head).map(first -> {
                        if (first != null) {
                            lines.skipTo(first);
                        }
                        return lines.result();
                    });
                });
    }

    private static Uni<Integer> firstWaiting(SqlConnection sql, UUID accountId, Head head) {
        return sql.preparedQuery("SELECT min(first_seq) FROM invitation_inbox"
                        + " WHERE account_id = $1 AND batch_id = $2 AND last_seq >= $3")
                .execute(Tuple.of(accountId, head.batchId(), head.nextSeq()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** Lines decided are no longer waiting: their slices go, once every line of them is decided. */
    static Uni<Void> deleteDecided(SqlConnection sql, UUID accountId, UUID batchId, int decidedThrough) {
        return sql.preparedQuery(
                        "DELETE FROM invitation_inbox WHERE account_id = $1 AND batch_id = $2 AND last_seq <= $3")
                .execute(Tuple.of(accountId, batchId, decidedThrough))
                .replaceWithVoid();
    }

    /**
     * Platform housekeeping, over every account, like the receiving-lease sweep: slices of batches
     * already completed (a redelivered line stored just as its batch's last chunk completed it),
     * and the turns of accounts with no batch left. A turn is dropped only while its account has no
     * batch at all, not even one being read; one that a batch queued meanwhile still needed is put
     * back by the next statement, which sees that batch.
     */
    static Uni<Void> sweep(Pool pool) {
        return pool.preparedQuery("DELETE FROM invitation_inbox i USING invitation_batches b"
                        + " WHERE b.account_id = i.account_id AND b.id = i.batch_id AND b.status = 'COMPLETED'")
                .execute()
                .chain(() -> pool.preparedQuery("DELETE FROM invitation_turns t WHERE NOT EXISTS (SELECT 1"
                                + " FROM invitation_batches b WHERE b.account_id = t.account_id"
                                + " AND b.status IN ('RECEIVING', 'QUEUED', 'PROCESSING'))")
                        .execute())
                .chain(() -> pool.preparedQuery("INSERT INTO invitation_turns (account_id)"
                                + " SELECT DISTINCT account_id FROM invitation_batches"
                                + " WHERE status IN ('QUEUED', 'PROCESSING') ON CONFLICT DO NOTHING")
                        .execute())
                .replaceWithVoid();
    }

    /** Gathers a chunk's lines from the head's next line, each once, gaps decided as unreadable. */
    static final class LineCollector {
        private final Head head;
        private final UUID accountId;
        private final int end;
        private final List<InvitationRequest> requests = new ArrayList<>();
        private final Set<String> traceparents = new LinkedHashSet<>();
        private int cursor;

        LineCollector(Head head, UUID accountId, int end) {
            this.head = head;
            this.accountId = accountId;
            this.end = end;
            this.cursor = head.nextSeq();
        }

        void add(int firstSeq, String[] emails, String traceparent) {
            if (traceparent != null) {
                traceparents.add(traceparent);
            }
            for (int i = 0; i < emails.length; i++) {
                int seq = firstSeq + i;
                if (seq < cursor) {
                    continue;
                }
                if (seq > end) {
                    return;
                }
                skipTo(seq);
                requests.add(
                        emails[i] == null
                                ? InvitationRequest.unreadableLine(head.batchId(), accountId, seq)
                                : new InvitationRequest(
                                        head.batchId(),
                                        accountId,
                                        seq,
                                        emails[i],
                                        head.info().role(),
                                        head.info().teams(),
                                        head.info().requestedBy()));
                cursor = seq + 1;
            }
        }

        /** The lines before {@code seq} that are not here never will be. */
        void skipTo(int seq) {
            while (cursor < seq && cursor <= end) {
                requests.add(InvitationRequest.unreadableLine(head.batchId(), accountId, cursor));
                cursor++;
            }
        }

        boolean isEmpty() {
            return requests.isEmpty();
        }

        Lines result() {
            return new Lines(requests, List.copyOf(traceparents));
        }
    }
}
