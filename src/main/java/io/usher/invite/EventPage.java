package io.usher.invite;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Consecutive outcome events of one block of a batch, already written as server-sent events:
 * the bytes every stream of the batch sends, shared, so that a thousand watchers or ten replays
 * cost one read and one serialisation. {@code seqs[i]} starts at {@code offsets[i]}.
 */
record EventPage(int block, int after, int lastSeq, Buffer bytes, int[] seqs, int[] offsets) {

    /** A page with no events: what is stored after {@code after} in this block is nothing yet. */
    static EventPage empty(int block, int after) {
        return new EventPage(block, after, after, Buffer.buffer(0), new int[0], new int[0]);
    }

    /** The events after {@code seq}, or null when there are none. */
    Buffer after(int seq) {
        if (seq >= lastSeq || seqs.length == 0) {
            return null;
        }
        int found = Arrays.binarySearch(seqs, seq + 1);
        int first = found >= 0 ? found : -found - 1;
        if (first >= seqs.length) {
            return null;
        }
        return first == 0 ? bytes : bytes.slice(offsets[first], bytes.length());
    }

    /** This page followed by {@code more}, the events read after its last. */
    EventPage append(EventPage more) {
        if (more.seqs.length == 0) {
            return this;
        }
        int[] joinedSeqs = Arrays.copyOf(seqs, seqs.length + more.seqs.length);
        int[] joinedOffsets = Arrays.copyOf(offsets, offsets.length + more.offsets.length);
        int base = bytes.length();
        for (int i = 0; i < more.seqs.length; i++) {
            joinedSeqs[seqs.length + i] = more.seqs[i];
            joinedOffsets[offsets.length + i] = base + more.offsets[i];
        }
        Buffer joined =
                Buffer.buffer(base + more.bytes.length()).appendBuffer(bytes).appendBuffer(more.bytes);
        return new EventPage(block, after, more.lastSeq, joined, joinedSeqs, joinedOffsets);
    }

    /** What the page holds in memory, roughly: its bytes and its index. */
    int weight() {
        return bytes.length() + 8 * seqs.length + 64;
    }
}
