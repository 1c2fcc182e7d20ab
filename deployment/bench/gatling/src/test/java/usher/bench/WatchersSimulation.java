package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static usher.bench.Figures.boolProp;
import static usher.bench.Figures.intProp;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W clients watching one running batch: PostgreSQL's transactions per second while they watch,
 * beside the same batch watched by one client, and how late each outcome reaches the watchers.
 *
 * <pre>
 *   -Daddresses=600000   each batch's size (about a minute of work on this machine)
 *   -Dwatchers=1000      streams open at once on the batch
 *   -Dbaseline=true      first the same batch size with one watcher, for the ratio
 *   -DholdSmtp=true      hold GreenMail (SIGSTOP) meanwhile, so the relay does not send
 *   -DholdBatch=false    keep the batch from starting until every stream is open (the account's
 *                        row locked as an applier locks it), so all W streams watch all of it
 *   -DrampSeconds=0      open the W streams evenly over this many seconds (0: all at once)
 *   -DtrickleSeconds=0   with holdBatch: then let the batch through one chunk every this many
 *                        seconds, for the news latency of a batch whose fan-out the machine can
 *                        carry (W x chunk events per chunk)
 * </pre>
 *
 * For the 10,000-streams mode: -Dwatchers=10000 -Dbaseline=false (run.sh raises ulimit -n).
 */
public class WatchersSimulation extends Simulation {

    private final int addresses = intProp("addresses", 600_000);
    private final int watchers = intProp("watchers", 1_000);
    private final boolean baseline = boolProp("baseline", true);
    private final boolean holdSmtp = boolProp("holdSmtp", true);
    private final boolean holdBatch = boolProp("holdBatch", false);
    private final int rampSeconds = intProp("rampSeconds", 0);
    private final int trickleSeconds = intProp("trickleSeconds", 0);
    private final long sampleEvery = Math.max(1, addresses / 500);
    private final Stack stack = Stack.get();
    private volatile ProcessSampler sampler;

    /** One batch and the streams that watch it. */
    final class Phase {
        final String label;
        final int streams;
        volatile String account;
        volatile String batchId;
        volatile String postError;
        final Queue<EventStream> watching = new ConcurrentLinkedQueue<>();
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger neverConnected = new AtomicInteger();
        final CountDownLatch measured = new CountDownLatch(2);
        volatile long rssBefore;
        volatile long fdsBefore;
        volatile long peakRss;
        volatile long peakFds;
        volatile long postNanos;
        volatile long acceptedNanos;
        volatile long allConnectedNanos;
        volatile long allConnectedMicros;
        volatile long txAtConnected;
        volatile long processedAtConnected;
        volatile long endNanos;
        volatile long txAtEnd;
        volatile Connection hold;

        Phase(String label, int streams) {
            this.label = label;
            this.streams = streams;
        }

        ScenarioBuilder post() {
            return scenario(label + ": post")
                    .exec(s -> {
                        rssBefore = Stack.rss(sampler.pid());
                        fdsBefore = Stack.openFds(sampler.pid());
                        sampler.resetPeaks();
                        if (holdBatch) {
                            holdAccount();
                        }
                        postNanos = System.nanoTime();
                        Stack.WORKERS.submit(() -> {
                            try {
                                batchId = stack.postLines(account, Stack.lines("watch-" + account.substring(0, 8), 0, addresses));
                            } catch (RuntimeException e) {
                                postError = e.toString();
                            }
                            acceptedNanos = System.nanoTime();
                        });
                        return s;
                    })
                    .group(label + ": POST to 202")
                    .on(asLongAs(s -> batchId == null && postError == null)
                            .on(pause(Duration.ofMillis(10)))
                            .doIf(s -> batchId != null)
                            .then(Waits.lookAtBatch(label + ": GET batch after the 202", stack, () -> batchId)))
                    .exec(s -> postError == null ? s : s.markAsFailed());
        }

        ScenarioBuilder watch() {
            return scenario(label + ": watch")
                    .exec(s -> {
                        if (batchId == null) {
                            return s.markAsFailed();
                        }
                        EventStream stream = new EventStream(stack, batchId, addresses, sampleEvery, this::connected, this::ended);
                        watching.add(stream);
                        return s.set(Waits.STREAM, stream.start());
                    })
                    .exitHereIfFailed()
                    .group(label + ": open to first event")
                    .on(Waits.lookAtBatch(label + ": GET batch", stack, () -> batchId)
                            .exec(Waits.until(EventStream::firstEventSeen)))
                    .group(label + ": to completed")
                    .on(Waits.until(st -> st.done)
                            .exec(Waits.lookAtBatch(label + ": GET batch at the end", stack, () -> batchId)))
                    .exec(Waits.judge());
        }

        /** Locks the account's row as an applier does, so that its batch waits (skipped by no one: the applier blocks). */
        private void holdAccount() {
            try {
                Connection c = stack.db();
                c.setAutoCommit(false);
                try (var st = c.prepareStatement("SELECT 1 FROM accounts WHERE id = ?::uuid FOR NO KEY UPDATE")) {
                    st.setString(1, account);
                    st.executeQuery().close();
                }
                hold = c;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot hold the account " + account, e);
            }
        }

        /**
         * Lets the batch through one chunk at a time: the applier waiting for the account's lock
         * takes it as soon as it is let go and decides one chunk under it; the lock, asked for
         * again at once, is granted after that chunk's commit, and held trickleSeconds.
         */
        private void trickle() {
            try {
                while (hold != null && ended.get() < streams) {
                    Connection c = hold;
                    c.commit();
                    try (var st = c.prepareStatement("SELECT 1 FROM accounts WHERE id = ?::uuid FOR NO KEY UPDATE")) {
                        st.setString(1, account);
                        st.executeQuery().close();
                    }
                    Thread.sleep(trickleSeconds * 1000L);
                }
            } catch (Exception e) {
                System.err.println("trickle: " + e);
            } finally {
                release();
            }
        }

        private void release() {
            Connection c = hold;
            hold = null;
            if (c != null) {
                try (c) {
                    c.commit();
                } catch (SQLException e) {
                    System.err.println("releasing the account: " + e);
                }
            }
        }

        private void connected(long nanos) {
            if (connected.incrementAndGet() == streams) {
                // Off the reader's thread: the last reader to connect must not lag for the sample.
                Stack.WORKERS.submit(() -> {
                    if (trickleSeconds > 0 && hold != null) {
                        Stack.WORKERS.submit(this::trickle);
                    } else {
                        release();
                    }
                    allConnectedNanos = System.nanoTime();
                    Instant now = Instant.now();
                    allConnectedMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
                    txAtConnected = stack.transactions();
                    processedAtConnected = stack.batch(batchId).path("processed").asLong();
                    measured.countDown();
                });
            }
        }

        private void ended(EventStream stream) {
            if (stream.connectedNanos == 0 && connected.get() + neverConnected.incrementAndGet() == streams) {
                release(); // some streams failed to open: let the batch go for the others
            }
            if (ended.incrementAndGet() == streams) {
                endNanos = System.nanoTime();
                txAtEnd = stack.transactions();
                peakRss = sampler.peakRss();
                peakFds = sampler.peakFds();
                measured.countDown();
            }
        }

        void report(Figures f) {
            release();
            try {
                measured.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(60), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Double> firsts = new ArrayList<>();
            List<Double> completions = new ArrayList<>();
            int ok = 0;
            String firstError = null;
            for (EventStream s : watching) {
                if (!Double.isNaN(s.secondsToFirstEvent())) {
                    firsts.add(s.secondsToFirstEvent());
                }
                if (!Double.isNaN(s.secondsToCompleted())) {
                    completions.add(s.secondsToCompleted());
                }
                if (s.ok()) {
                    ok++;
                } else if (firstError == null) {
                    firstError = s.error;
                }
            }
            f.line("-- %s: batch %s, %,d addresses, %,d streams", label, batchId, addresses, streams);
            if (postError != null) {
                f.line("   POST failed: %s", postError);
                return;
            }
            f.line("   POST to 202 %.2f s; all %,d streams open %.2f s after the POST, with %,d of %,d outcomes stored",
                    (acceptedNanos - postNanos) / 1e9, streams, (allConnectedNanos - postNanos) / 1e9,
                    processedAtConnected, addresses);
            int refused = 0;
            int streamsRefused = 0;
            for (EventStream s : watching) {
                refused += s.refusals;
                streamsRefused += s.refusals > 0 ? 1 : 0;
            }
            f.line("   503 come back later (Retry-After) before opening: %,d answers to %,d streams", refused, streamsRefused);
            f.line("   streams with every outcome once, in order: %,d of %,d%s", ok, streams,
                    firstError == null ? "" : " (first error: " + firstError + ")");
            f.line("   open to first event: %s", Figures.spread(firsts));
            f.line("   open to completed:   %s", Figures.spread(completions));
            double window = (endNanos - allConnectedNanos) / 1e9;
            long tx = txAtEnd - txAtConnected;
            long processed = addresses - processedAtConnected;
            f.line("   PostgreSQL: %,d transactions in %.1f s from all streams open to the last `completed`: %,.1f tx/s, %,.1f per 1,000 addresses stored",
                    tx, window, tx / window, processed > 0 ? tx * 1000.0 / processed : Double.NaN);
            f.line("   service: RSS %s before, peak %s (raise %s); open fds %,d before, peak %,d",
                    Figures.mib(rssBefore), Figures.mib(peakRss), Figures.mib(peakRss - rssBefore), fdsBefore, peakFds);
            latency(f);
        }

        double txPerSecond() {
            return (txAtEnd - txAtConnected) / ((endNanos - allConnectedNanos) / 1e9);
        }

        /**
         * News latency of every sampled outcome stored after all streams were open: its arrival at
         * each stream against its row's created_at (the start of the transaction that stored it,
         * so the figure includes that transaction's own length), and against the first stream it
         * reached.
         */
        private void latency(Figures f) {
            Map<Long, Long> stored = new HashMap<>();
            try (Connection c = stack.db();
                    var st = c.prepareStatement("SELECT seq, (extract(epoch FROM created_at) * 1000000)::bigint"
                            + " FROM invitation_outcomes WHERE batch_id = ?::uuid AND seq % ? = 0")) {
                st.setString(1, batchId);
                st.setLong(2, sampleEvery);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            } catch (SQLException e) {
                f.line("   news latency: cannot read the outcomes' times: %s", e);
                return;
            }
            List<Double> fromStored = new ArrayList<>();
            List<Double> behindFirst = new ArrayList<>();
            int samples = 0;
            for (int j = 1; j * sampleEvery <= addresses; j++) {
                Long at = stored.get(j * sampleEvery);
                if (at == null || at < allConnectedMicros) {
                    continue;
                }
                samples++;
                long first = Long.MAX_VALUE;
                for (EventStream s : watching) {
                    if (j < s.arrivals.length && s.arrivals[j] != 0) {
                        first = Math.min(first, s.arrivals[j]);
                    }
                }
                for (EventStream s : watching) {
                    if (j < s.arrivals.length && s.arrivals[j] != 0) {
                        fromStored.add((s.arrivals[j] - at) / 1e6);
                        behindFirst.add((s.arrivals[j] - first) / 1e6);
                    }
                }
            }
            f.line("   news latency, stored -> each stream (%d sampled outcomes stored after all streams were open): %s",
                    samples, Figures.spread(fromStored));
            f.line("   news latency, first stream -> each stream: %s", Figures.spread(behindFirst));
        }
    }

    private final Phase one = new Phase("1 watcher", 1);
    private final Phase many = new Phase(watchers + " watchers", watchers);

    {
        PopulationBuilder manyPhase =
                many.post()
                .injectOpen(atOnceUsers(1))
                .andThen(many.watch()
                        .injectOpen(
                                rampSeconds > 0
                                        ? rampUsers(watchers).during(Duration.ofSeconds(rampSeconds))
                                        : atOnceUsers(watchers)));
        PopulationBuilder all = baseline
                ? one.post().injectOpen(atOnceUsers(1)).andThen(one.watch().injectOpen(atOnceUsers(1)).andThen(manyPhase))
                : manyPhase;
        // One pool for the batch reads: a watcher is its stream, so 10,000 watchers are 10,000 sockets, not 20,000.
        setUp(all).protocols(http.baseUrl(stack.usher).acceptHeader("application/json").shareConnections().maxConnectionsPerHost(64));
    }

    @Override
    public void before() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        if (baseline) {
            one.account = stack.createAccount("Gatling watchers " + run + " one", addresses + 10);
        }
        many.account = stack.createAccount("Gatling watchers " + run + " many", addresses + 10);
        sampler = new ProcessSampler(stack.servicePid());
        sampler.start();
        if (holdSmtp) {
            stack.holdSmtp(true);
        }
        System.out.printf(Locale.ROOT, "watching batches of %,d addresses with %s%,d streams%n", addresses,
                baseline ? "1, then " : "", watchers);
    }

    @Override
    public void after() {
        try {
            Figures f = new Figures("WatchersSimulation (" + (baseline ? "1 and " : "") + watchers + " streams, "
                    + addresses + " addresses each)");
            if (baseline) {
                one.report(f);
            }
            many.report(f);
            if (baseline) {
                double ratio = many.txPerSecond() / one.txPerSecond();
                f.target("tx/s with " + watchers + " streams / with 1", String.format(Locale.ROOT, "%.2f", ratio),
                        ratio <= 2.0, "<= 2.00");
            }
            f.print();
        } finally {
            sampler.finish();
            for (Phase p : List.of(one, many)) {
                if (p.account != null) {
                    stack.setMailsAside(p.account);
                }
            }
            if (holdSmtp) {
                stack.holdSmtp(false);
            }
        }
    }
}
