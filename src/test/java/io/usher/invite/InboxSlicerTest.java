package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InboxSlicerTest {

    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    @Test
    void consecutiveLinesOfABatchMakeOneSlice() {
        InboxSlicer slicer = new InboxSlicer(10);
        byte[] trace = "00-trace-01".getBytes(StandardCharsets.US_ASCII);
        for (int seq = 1; seq <= 4; seq++) {
            slicer.add(A, ACCOUNT, seq, "a" + seq + "@x.example", trace);
        }
        List<Inbox.Slice> slices = slicer.slices();
        assertEquals(1, slices.size());
        assertEquals(1, slices.get(0).firstSeq());
        assertEquals(4, slices.get(0).lastSeq());
        assertEquals("00-trace-01", slices.get(0).traceparent());
    }

    @Test
    void aSliceNeverCrossesAnAlignedBlockSoAChunkReadsWholeSlices() {
        InboxSlicer slicer = new InboxSlicer(10);
        for (int seq = 8; seq <= 23; seq++) {
            slicer.add(A, ACCOUNT, seq, "a" + seq + "@x.example", null);
        }
        List<Inbox.Slice> slices = slicer.slices();
        assertEquals(
                List.of(8, 11, 21), slices.stream().map(Inbox.Slice::firstSeq).toList());
        assertEquals(
                List.of(10, 20, 23), slices.stream().map(Inbox.Slice::lastSeq).toList());
    }

    @Test
    void interleavedBatchesEachKeepTheirRunAndAGapStartsANewSlice() {
        InboxSlicer slicer = new InboxSlicer(100);
        slicer.add(A, ACCOUNT, 1, "a1@x.example", null);
        slicer.add(B, ACCOUNT, 1, "b1@x.example", null);
        slicer.add(A, ACCOUNT, 2, "a2@x.example", null);
        slicer.add(B, ACCOUNT, 2, "b2@x.example", null);
        // A record of A's line 3 was dropped (unreadable, not attributable): 4 starts a slice of its own.
        slicer.add(A, ACCOUNT, 4, null, null);
        List<Inbox.Slice> slices = slicer.slices();
        assertEquals(3, slices.size());
        assertEquals(A, slices.get(0).batchId());
        assertEquals(2, slices.get(0).lastSeq());
        assertEquals(B, slices.get(1).batchId());
        assertEquals(2, slices.get(1).lastSeq());
        assertEquals(4, slices.get(2).firstSeq());
        assertNull(slices.get(2).emails().get(0), "an unreadable line keeps its place");
    }

    @Test
    void aLineWithANulCharacterIsStoredWithTheReplacementCharacterInItsPlace() {
        InboxSlicer slicer = new InboxSlicer(10);
        slicer.add(A, ACCOUNT, 1, "a\u0000b@x.example", null);
        assertEquals("a\uFFFDb@x.example", slicer.slices().get(0).emails().get(0));
    }
}
