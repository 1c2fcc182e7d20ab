package io.usher.invite;

import io.quarkus.runtime.ShutdownEvent;
import io.usher.platform.ApiText;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.usher.platform.UsherConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends an invitation body that stalls or crawls with a 408 problem, so that a client on a bad link —
 * or one that means harm — holds a worker thread and a batch's lease for a bounded time, never more.
 * A body is stalled after {@code usher.invitations.body-stall-timeout} (30 s) without a byte, and too
 * slow when a period of that length brought fewer than {@code body-min-rate} bytes a second. One
 * watchdog thread looks at every body being read once a second; the reader blocked on the socket is
 * interrupted out of its wait, and the request answers 408 while the connection is still open.
 * (HTTP's own read timeout, {@code quarkus.http.read-timeout}, would only close the connection.)
 */
@ApplicationScoped
public class BodyDeadlines {

    private final long stallNanos;
    private final long minBytesPerPeriod;
    private final Set<GuardedBody> bodies = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    public BodyDeadlines(UsherConfig config) {
        this.stallNanos = config.invitations().bodyStallTimeout().toNanos();
        this.minBytesPerPeriod = config.invitations().bodyMinRate()
                * config.invitations().bodyStallTimeout().toSeconds();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "usher-body-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(
                100, Math.min(1_000, config.invitations().bodyStallTimeout().toMillis() / 10));
        watchdog.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** The body, read under the deadlines by the calling thread; close it when done. */
    public GuardedBody guard(InputStream body) {
        GuardedBody guarded = new GuardedBody(body, Thread.currentThread(), System.nanoTime());
        bodies.add(guarded);
        return guarded;
    }

    private void check() {
        long now = System.nanoTime();
        for (GuardedBody body : bodies) {
            body.check(now);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        watchdog.shutdownNow();
    }

    /**
     * A body under the deadlines; reads from it throw the 408 problem once one is missed. Only the
     * time this service spends waiting for the client counts: while the reader is busy elsewhere
     * (Kafka pushing back, say), the client is not to blame for sending nothing.
     */
    public final class GuardedBody extends FilterInputStream {

        private final Thread reader;
        private boolean reading;
        private long readStart;
        private long periodStart;
        private long waitedInPeriod;
        private long bytesInPeriod;
        private ProblemException missed;
        private ProblemException aborted;

        private GuardedBody(InputStream body, Thread reader, long now) {
            super(body);
            this.reader = reader;
            this.periodStart = now;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int read = read(one, 0, 1);
            return read == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            enter();
            int read = 0;
            try {
                read = super.read(buffer, offset, length);
            } finally {
                leave(read);
            }
            return read;
        }

        private synchronized void enter() {
            failIfMissed();
            reading = true;
            readStart = System.nanoTime();
        }

        private synchronized void leave(int read) {
            long now = System.nanoTime();
            reading = false;
            waitedInPeriod += now - Math.max(readStart, periodStart);
            if (read > 0) {
                bytesInPeriod += read;
            }
            if (missed != null || aborted != null) {
                // The interrupt is spent here, not on the next thing this thread waits for.
                Thread.interrupted();
                failIfMissed();
            }
        }

        private void failIfMissed() {
            if (aborted != null) {
                throw aborted;
            }
            if (missed != null) {
                throw missed;
            }
        }

        /**
         * Ends the read under way, and every one after it, with this problem: the request failed
         * elsewhere (Kafka refused a record) and must not wait for the client's next bytes to say so.
         */
        public synchronized void abort(ProblemException problem) {
            if (aborted == null && missed == null) {
                aborted = problem;
                if (reading) {
                    reader.interrupt();
                }
            }
        }

        private static ProblemException timeout(String code, ApiText detail) {
            return new ProblemException(ProblemType.REQUEST_TIMEOUT, code, detail);
        }

        private synchronized void check(long now) {
            if (missed != null) {
                return;
            }
            long waited = waitedInPeriod + (reading ? now - Math.max(readStart, periodStart) : 0);
            if (reading && now - readStart >= stallNanos) {
                long stalled = seconds(stallNanos);
                missed = timeout("body-stalled", m -> m.problem_body_stalled(stalled));
            } else if (waited >= stallNanos) {
                if (bytesInPeriod < minBytesPerPeriod) {
                    long rate = bytesInPeriod * 1_000_000_000L / waited;
                    long needed = minBytesPerPeriod / Math.max(1, seconds(stallNanos));
                    missed = timeout("body-too-slow", m -> m.problem_body_too_slow(rate, needed));
                } else {
                    periodStart = now;
                    waitedInPeriod = 0;
                    bytesInPeriod = 0;
                }
            }
            if (missed != null && reading) {
                reader.interrupt();
            }
        }

        /** Stops the watch; the body itself is left to the HTTP layer, which may still hold unread bytes. */
        @Override
        public void close() {
            bodies.remove(this);
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
