package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The streams of one batch share its reads: what the database does for a batch's streams grows
 * with the batch, not with its watchers, and a replay of a finished batch reads each block once
 * however many clients replay it at once.
 */
@QuarkusTest
class SharedStreamsIT extends PlatformAdminTest {

    private static final int WATCHERS = 40;

    @Test
    void fortyWatchersOfARunningBatchCostWhatOneDoes() throws Exception {
        String accountId = Accounts.create(Seeds.name("Watched"), 1, 8_000);
        String batchId = Batches.postLines(admin, accountId, addresses("watched", 6_000), "EDITOR");
        String path = "/api/v1/invitation-batches/" + batchId + "/events";
        double batchReads = reads("batch");
        double outcomeReads = reads("outcomes");
        long start = System.nanoTime();
        List<List<SseClient.Event>> seen = readAtOnce(path, WATCHERS);
        double seconds = (System.nanoTime() - start) / 1e9;

        for (List<SseClient.Event> events : seen) {
            assertEveryOutcomeOnceInOrder(events, 6_000);
        }
        double batchReadsMade = reads("batch") - batchReads;
        double outcomeReadsMade = reads("outcomes") - outcomeReads;
        // One read of the batch on news at most every 100 ms, and one a second on the tick: the
        // watchers each polled twice a second or more before, 80 reads a second here.
        assertTrue(
                batchReadsMade <= 11 * seconds + 5,
                batchReadsMade + " reads of the batch in " + seconds + " s for " + WATCHERS + " watchers");
        // Each block read once whole, and the block being filled once per read of the batch.
        assertTrue(
                outcomeReadsMade <= 6 + batchReadsMade + 5,
                outcomeReadsMade + " reads of outcomes with " + batchReadsMade + " reads of the batch");
    }

    @Test
    void tenReplaysOfAFinishedBatchReadEachBlockOnce() throws Exception {
        String accountId = Accounts.create(Seeds.name("Replayed"), 1, 13_000);
        String batchId = Batches.postLines(admin, accountId, addresses("replayed", 12_000), "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(120));
        String path = "/api/v1/invitation-batches/" + batchId + "/events";
        double outcomeReads = reads("outcomes");

        List<List<SseClient.Event>> seen = readAtOnce(path, 10);

        for (List<SseClient.Event> events : seen) {
            assertEveryOutcomeOnceInOrder(events, 12_000);
        }
        double made = reads("outcomes") - outcomeReads;
        assertTrue(made <= 12 + 1, made + " reads of outcomes for 10 replays of 12 blocks");

        // A resume in the middle of a block starts right after the last event seen.
        List<SseClient.Event> resumed = SseClient.read(path, admin, "4321", 3, Duration.ofSeconds(20));
        assertEquals(
                List.of("4322", "4323", "4324"),
                resumed.stream().map(SseClient.Event::id).toList());

        // `completed` has an id of its own; a client reconnecting with it (as an EventSource does
        // when the response ends) is told 204, the stream's "stop", instead of `completed` again.
        assertEquals("completed", seen.get(0).get(12_000).id());
        List<SseClient.Event> after = SseClient.read(path, admin, "completed", 10, Duration.ofSeconds(20));
        assertEquals(List.of(new SseClient.Event("status", "204", "")), after);
        List<SseClient.Event> foreign = SseClient.read(
                "/api/v1/invitation-batches/" + java.util.UUID.randomUUID() + "/events",
                admin,
                "completed",
                10,
                Duration.ofSeconds(20));
        assertEquals("404", foreign.get(0).id(), "a batch that is not there is still a 404");
    }

    private List<List<SseClient.Event>> readAtOnce(String path, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<SseClient.Event>>> reading = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                reading.add(pool.submit(() -> SseClient.read(path, admin, null, 1_000_000, Duration.ofSeconds(180))));
            }
            List<List<SseClient.Event>> seen = new ArrayList<>();
            for (Future<List<SseClient.Event>> events : reading) {
                seen.add(events.get());
            }
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertEveryOutcomeOnceInOrder(List<SseClient.Event> events, int total) {
        assertEquals(total + 1, events.size(), "every outcome and the end");
        for (int i = 0; i < total; i++) {
            assertEquals("outcome", events.get(i).name());
            assertEquals(String.valueOf(i + 1), events.get(i).id());
        }
        assertEquals("completed", events.get(total).name());
    }

    private static double reads(String of) {
        return Metrics.value(Metrics.scrape(), "usher_sse_reads_total", "of=\"" + of + "\"");
    }

    private static String addresses(String prefix, int count) {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> prefix + i + "." + run + "@example.com")
                .collect(Collectors.joining("\n"));
    }
}
