package io.usher.invite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
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

    /**
     * Addresses accepted and not yet decided, over every account: the platform's backlog, read
     * from the unfinished batches' counters.
     */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("SELECT coalesce(sum(total - processed), 0) FROM invitation_batches"
                        + " WHERE status IN ('QUEUED', 'PROCESSING')")
                .execute()
                .invoke(rows -> waiting.set(rows.iterator().next().getLong(0)))
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
