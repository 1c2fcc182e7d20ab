package io.usher.invite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The invitation pipeline on {@code /q/metrics}: batches accepted and completed, addresses decided
 * by outcome, chunk apply time, streams open, and the addresses accepted but not yet decided
 * (deployment/observability reads them). Counters are per replica; Prometheus sums them.
 */
@ApplicationScoped
public class InvitationMetrics {

    private static final Logger LOG = Logger.getLogger(InvitationMetrics.class);

    /** How often one replica, any of them, sums the backlog; the others report that sum meanwhile. */
    static final Duration GAUGE_PERIOD = Duration.ofSeconds(10);

    private final Pool pool;
    private final Counter accepted;
    private final Counter completed;
    private final Map<Outcome, Counter> decided = new EnumMap<>(Outcome.class);
    private final Timer chunkApply;
    private final AtomicInteger streamsOpen = new AtomicInteger();
    private final AtomicLong waiting = new AtomicLong();

    public InvitationMetrics(MeterRegistry registry, Pool pool) {
        this.pool = pool;
        this.accepted = Counter.builder("usher.batches.accepted")
                .description("Batches whose 202 was answered")
                .register(registry);
        this.completed = Counter.builder("usher.batches.completed")
                .description("Batches whose last address this replica decided")
                .register(registry);
        for (Outcome outcome : Outcome.values()) {
            decided.put(
                    outcome,
                    Counter.builder("usher.addresses.decided")
                            .description("Addresses decided, by outcome (a redelivered address counts once)")
                            .tag("outcome", outcome.name())
                            .register(registry));
        }
        this.chunkApply = Timer.builder("usher.chunk.apply")
                .description("One chunk's transaction: decisions and every write of its addresses")
                .publishPercentileHistogram()
                .register(registry);
        registry.gauge("usher.sse.streams.open", streamsOpen);
        registry.gauge("usher.addresses.waiting", waiting);
    }

    void batchAccepted() {
        accepted.increment();
    }

    Timer.Sample chunkStarted() {
        return Timer.start();
    }

    void chunkApplied(Timer.Sample sample, AppliedChunk applied) {
        long nanos = sample.stop(chunkApply);
        applied.newlyDecided().forEach((outcome, count) -> decided.get(outcome).increment(count));
        completed.increment(applied.batchesCompleted());
        LOG.debugf("chunk of %d outcomes applied in %d ms", applied.outcomes().size(), nanos / 1_000_000);
    }

    void streamOpened() {
        streamsOpen.incrementAndGet();
    }

    void streamClosed() {
        streamsOpen.decrementAndGet();
    }

    long streamsOpen() {
        return streamsOpen.get();
    }

    /**
     * Addresses accepted and not yet decided, over every account: the platform's backlog, read
     * from the unfinished batches' counters (index invitation_batches_unfinished). One replica sums
     * them per {@link #GAUGE_PERIOD} and stores the figure (usher_gauges); every replica reports
     * the stored figure, so each pod still reports the same value (the alerts take its max) while
     * the sum runs once per period however many replicas there are. The row is claimed with SKIP
     * LOCKED: a replica never waits for another's sum, it reports the figure before it.
     */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.preparedQuery("WITH due AS (SELECT name FROM usher_gauges WHERE name = 'addresses_waiting'"
                        + " AND at <= now() - make_interval(secs => $1) FOR UPDATE SKIP LOCKED)"
                        + " UPDATE usher_gauges g SET at = now(), value = (SELECT coalesce(sum(total - processed), 0)"
                        + " FROM invitation_batches WHERE status IN ('QUEUED', 'PROCESSING'))"
                        + " FROM due WHERE g.name = due.name RETURNING g.value")
                .execute(Tuple.of((double) GAUGE_PERIOD.toSeconds()))
                .chain(computed -> computed.size() > 0
                        ? Uni.createFrom().item(computed)
                        : pool.query("SELECT value FROM usher_gauges WHERE name = 'addresses_waiting'")
                                .execute())
                .invoke(rows -> {
                    if (rows.size() > 0) {
                        waiting.set(rows.iterator().next().getLong(0));
                    }
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
