package io.usher.invite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cuts a poll's request lines into inbox slices: consecutive lines of one batch, never across an
 * aligned block of {@code blockSize} lines (1–2,000, 2,001–4,000, …), so that an applier's chunk,
 * which ends on such a block's end, reads whole slices. No I/O.
 */
final class InboxSlicer {

    private final int blockSize;
    private final List<Open> slices = new ArrayList<>();
    private final Map<UUID, Open> lastOfBatch = new HashMap<>();

    InboxSlicer(int blockSize) {
        this.blockSize = blockSize;
    }

    /** The next line as the poll brought it; {@code email} null for a line that could not be read. */
    void add(UUID batchId, UUID accountId, int seq, String email, byte[] traceparent) {
        Open last = lastOfBatch.get(batchId);
        if (last == null || seq != last.nextSeq() || (seq - 1) / blockSize != (last.firstSeq - 1) / blockSize) {
            // The trace is read as text once a slice, not once a line: a request's lines share it.
            last = new Open(
                    batchId,
                    accountId,
                    seq,
                    traceparent == null ? null : new String(traceparent, StandardCharsets.US_ASCII));
            slices.add(last);
            lastOfBatch.put(batchId, last);
        }
        last.emails.add(storable(email));
    }

    /**
     * PostgreSQL's text cannot hold a NUL character, and a line with one is no address whatever
     * else it holds: it is stored with U+FFFD in its place, as its report would show it anyway
     * (InvitationDecider.echo), and decided {@code INVALID_EMAIL}. Stored as it came, it would be
     * refused again on every try and hold its partition for good.
     */
    static String storable(String email) {
        return email == null || email.indexOf('\u0000') < 0 ? email : email.replace('\u0000', '\uFFFD');
    }

    List<Inbox.Slice> slices() {
        return slices.stream()
                .map(open ->
                        new Inbox.Slice(open.batchId, open.accountId, open.firstSeq, open.emails, open.traceparent))
                .toList();
    }

    private static final class Open {
        final UUID batchId;
        final UUID accountId;
        final int firstSeq;
        final String traceparent;
        final List<String> emails = new ArrayList<>();

        Open(UUID batchId, UUID accountId, int firstSeq, String traceparent) {
            this.batchId = batchId;
            this.accountId = accountId;
            this.firstSeq = firstSeq;
            this.traceparent = traceparent;
        }

        int nextSeq() {
            return firstSeq + emails.size();
        }
    }
}
