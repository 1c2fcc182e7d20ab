package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usher.member.Role;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How an applier reads a chunk's lines from the inbox's slices (Inbox.LineCollector). */
class InboxLinesTest {

    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final UUID BATCH = UUID.randomUUID();

    private static Inbox.Head head(int nextSeq, int total) {
        return new Inbox.Head(BATCH, new ChunkPlanner.BatchInfo(Role.EDITOR, List.of(), "Admin", null, total), nextSeq);
    }

    private static String[] emails(int first, int last) {
        String[] emails = new String[last - first + 1];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "p" + (first + i) + "@x.example";
        }
        return emails;
    }

    private static List<Integer> seqs(Inbox.Lines lines) {
        return lines.requests().stream().map(InvitationRequest::seq).toList();
    }

    @Test
    void linesStartAtTheBatchsNextLineAndEndAtTheChunksEnd() {
        Inbox.LineCollector lines = new Inbox.LineCollector(head(4, 100), ACCOUNT, 8);
        lines.add(1, emails(1, 10), null);
        assertEquals(List.of(4, 5, 6, 7, 8), seqs(lines.result()));
        assertEquals("p4@x.example", lines.result().requests().get(0).email());
    }

    @Test
    void aRedeliveredSliceOverlappingAnotherGivesEachLineOnce() {
        Inbox.LineCollector lines = new Inbox.LineCollector(head(1, 100), ACCOUNT, 20);
        lines.add(1, emails(1, 10), "t1");
        lines.add(5, emails(5, 15), "t1");
        lines.add(11, emails(11, 20), "t2");
        assertEquals(20, lines.result().requests().size());
        assertEquals(List.of("t1", "t2"), lines.result().traceparents());
        for (int i = 0; i < 20; i++) {
            assertEquals(i + 1, lines.result().requests().get(i).seq());
        }
    }

    @Test
    void aLineMissingBeforeAStoredOneIsDecidedUnreadableNotWaitedFor() {
        Inbox.LineCollector lines = new Inbox.LineCollector(head(1, 100), ACCOUNT, 10);
        lines.add(1, emails(1, 3), null);
        lines.add(6, emails(6, 10), null);
        Inbox.Lines result = lines.result();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), seqs(result));
        assertTrue(result.requests().get(3).unreadable());
        assertTrue(result.requests().get(4).unreadable());
    }

    @Test
    void aSliceStartingPastTheChunksEndMakesTheGapBeforeItUnreadableUpToTheEnd() {
        Inbox.LineCollector lines = new Inbox.LineCollector(head(3, 100), ACCOUNT, 6);
        lines.skipTo(9);
        assertEquals(List.of(3, 4, 5, 6), seqs(lines.result()));
        assertTrue(lines.result().requests().stream().allMatch(InvitationRequest::unreadable));
    }

    @Test
    void anUnreadableLineInASliceStaysInItsPlace() {
        Inbox.LineCollector lines = new Inbox.LineCollector(head(1, 3), ACCOUNT, 3);
        lines.add(1, new String[] {"a@x.example", null, "c@x.example"}, null);
        Inbox.Lines result = lines.result();
        assertEquals(List.of(1, 2, 3), seqs(result));
        assertTrue(result.requests().get(1).unreadable());
        assertEquals(Role.EDITOR, result.requests().get(2).role());
    }
}
