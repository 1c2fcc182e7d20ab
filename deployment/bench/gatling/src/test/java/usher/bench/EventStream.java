package usher.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One client of a batch's event stream (GET /api/v1/invitation-batches/{id}/events), read on a
 * virtual thread of its own with the JDK's HTTP client, to the `completed` event.
 *
 * <p>Why not Gatling's own SSE support: it turns every event into a JSON string and runs checks on
 * Gatling's event loops, of which there are as many as cores (two here), so a million events for
 * each of ten clients would measure Gatling's parsing more than the service, and counting events
 * and checking their order would go through {@code processUnmatchedMessages} for each one. Here a
 * reader costs a line split per field, records the moments that matter (connected, first event,
 * completed) and checks that the ids run 1, 2, 3... with no gap and no repeat. The simulations
 * wait for these moments inside Gatling groups, so the report shows them as group durations.
 */
public final class EventStream implements Runnable {

    private final Stack stack;
    private final String batchId;
    private final long expected;
    private final long sampleEvery;
    private final LongConsumer onConnected;
    private final Consumer<EventStream> onDone;

    public volatile long startedNanos;
    public volatile long connectedNanos;
    public volatile long firstEventNanos;
    public volatile long completedNanos;
    public volatile long events;
    public volatile long lastId;
    public volatile String error;
    public volatile boolean done;
    /** How many times the service said 503, come back later, before the stream opened. */
    public volatile int refusals;
    /** Arrival (epoch microseconds) of the outcomes whose seq is a multiple of sampleEvery. */
    public final long[] arrivals;

    private volatile InputStream body;

    /**
     * @param expected    the outcomes the stream must carry (the batch's total), or -1 if unknown
     * @param sampleEvery record the arrival time of every sampleEvery-th seq (0: none)
     * @param onConnected told (with System.nanoTime()) when the response's headers came, or null
     * @param onDone      told when the stream ended, well or not, or null
     */
    public EventStream(
            Stack stack,
            String batchId,
            long expected,
            long sampleEvery,
            LongConsumer onConnected,
            Consumer<EventStream> onDone) {
        this.stack = stack;
        this.batchId = batchId;
        this.expected = expected;
        this.sampleEvery = sampleEvery;
        this.onConnected = onConnected;
        this.onDone = onDone;
        this.arrivals = sampleEvery > 0 && expected > 0 ? new long[(int) (expected / sampleEvery) + 1] : new long[0];
    }

    public EventStream start() {
        startedNanos = System.nanoTime();
        Stack.WORKERS.submit(this);
        return this;
    }

    public boolean connected() {
        return connectedNanos != 0 || done;
    }

    public boolean firstEventSeen() {
        return firstEventNanos != 0 || done;
    }

    public boolean ok() {
        return done && error == null;
    }

    public double secondsToFirstEvent() {
        return firstEventNanos == 0 ? Double.NaN : (firstEventNanos - startedNanos) / 1e9;
    }

    public double secondsToCompleted() {
        return completedNanos == 0 ? Double.NaN : (completedNanos - startedNanos) / 1e9;
    }

    @Override
    public void run() {
        try {
            HttpResponse<InputStream> response;
            while (true) {
                HttpRequest request = HttpRequest.newBuilder(
                                URI.create(stack.usher + "/api/v1/invitation-batches/" + batchId + "/events"))
                        .header("Authorization", "Bearer " + stack.token())
                        .header("Accept", "text/event-stream")
                        .timeout(Duration.ofHours(2))
                        .GET()
                        .build();
                response = stack.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                // A replica opening too many streams at once says when to come back, as a
                // reconnecting client should hear it; the time waited counts in the stream's.
                var retryAfter = response.headers().firstValue("Retry-After");
                if (response.statusCode() == 503 && retryAfter.isPresent() && refusals < 20) {
                    refusals++;
                    body.close();
                    Thread.sleep(Long.parseLong(retryAfter.get().strip()) * 1000);
                    continue;
                }
                break;
            }
            if (response.statusCode() != 200) {
                error = "status " + response.statusCode() + ": "
                        + new String(body.readNBytes(500), StandardCharsets.UTF_8);
                return;
            }
            connectedNanos = System.nanoTime();
            if (onConnected != null) {
                onConnected.accept(connectedNanos);
            }
            read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), READ_BUFFER_CHARS));
        } catch (Exception e) {
            if (error == null) {
                error = e.toString();
            }
        } finally {
            done = true;
            if (onDone != null) {
                onDone.accept(this);
            }
        }
    }

    private void read(BufferedReader in) throws Exception {
        String event = null;
        String id = null;
        long count = 0;
        long previous = 0;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if ("outcome".equals(event)) {
                    long now = System.nanoTime();
                    if (count == 0) {
                        firstEventNanos = now;
                    }
                    count++;
                    long seq = id == null ? -1 : Long.parseLong(id);
                    if (seq != previous + 1 && error == null) {
                        error = "event id " + seq + " after " + previous + " (gap, repeat or disorder)";
                    }
                    previous = seq;
                    if (sampleEvery > 0 && seq > 0 && seq % sampleEvery == 0 && seq / sampleEvery < arrivals.length) {
                        Instant at = Instant.now();
                        arrivals[(int) (seq / sampleEvery)] = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                    }
                    if ((count & 1023) == 0) {
                        events = count;
                        lastId = previous;
                    }
                } else if ("completed".equals(event)) {
                    completedNanos = System.nanoTime();
                    events = count;
                    lastId = previous;
                    if (expected >= 0 && count != expected && error == null) {
                        error = "received " + count + " outcomes, expected " + expected;
                    }
                    return;
                }
                event = null;
                id = null;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            }
            // data: lines are not kept (only counted through their event); ':' lines are heartbeats
        }
        events = count;
        lastId = previous;
        if (error == null) {
            error = "stream ended after " + count + " outcomes without `completed`";
        }
    }

    /**
     * The reader's buffer (-DreadBufferChars, default 64 Ki chars, 128 KiB): a replay of a million
     * events reads faster with it; 10,000 streams want 4 Ki (otherwise 1.3 GB of buffers alone).
     */
    static final int READ_BUFFER_CHARS = Integer.getInteger("readBufferChars", 64 * 1024);

    /** How long a stream may take to `completed` (-DstreamTimeoutSeconds, default 1,800). */
    static final long TIMEOUT_NANOS = Long.getLong("streamTimeoutSeconds", 1800) * 1_000_000_000L;

    /** Whether the stream has run longer than it may, without ending. */
    public boolean expired() {
        return !done && System.nanoTime() - startedNanos > TIMEOUT_NANOS;
    }

    /** Gives up on a stream that did not end in time: KO, and its connection closed. */
    public void abort() {
        if (error == null) {
            error = "no `completed` within " + TIMEOUT_NANOS / 1_000_000_000L + " s (" + events + "+ outcomes read, last id "
                    + lastId + ")";
        }
        done = true;
        close();
    }

    /** Closes the connection (a stream that is no longer wanted). */
    public void close() {
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (Exception ignored) {
                // already closed
            }
        }
    }
}
