package io.usher.invite;

import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Decides the inbox's lines, account by account in turn. Each of this replica's appliers
 * ({@code usher.invitations.appliers} threads) claims the account served longest ago among those
 * with lines waiting, skipping accounts another applier holds, on this replica or any other; decides
 * one chunk of its oldest queued batch, at most {@code usher.invitations.chunk-size} lines, in one
 * transaction under the account's lock; then claims again. So every account with work gets a chunk
 * per turn whatever the size of the others' lists, an account's lines are decided in order (earlier
 * batches first, by when their bodies were read whole), and two accounts' chunks run at once on two
 * appliers even when their records shared a Kafka partition.
 *
 * <p>A replica that dies mid-chunk loses nothing: its transaction rolls back, PostgreSQL frees the
 * account's lock, and another applier takes the same lines again. Outcomes are published once the
 * chunk is committed; the streams read PostgreSQL too, so a publication lost is only late news.
 */
@ApplicationScoped
public class InvitationApplier {

    private static final Logger LOG = Logger.getLogger(InvitationApplier.class);
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final long MAX_RETRY_MILLIS = 5_000;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final Pool pool;
    private final InvitationStore store;
    private final OutcomeProducer outcomes;
    private final InvitationMetrics metrics;
    private final ChunkTracing tracing;
    private final ApplierSignal signal;
    private final int chunkSize;
    private final int appliers;
    private final long idlePollMillis;
    private final boolean enabled;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public InvitationApplier(
            Pool pool,
            InvitationStore store,
            OutcomeProducer outcomes,
            InvitationMetrics metrics,
            ChunkTracing tracing,
            ApplierSignal signal,
            UsherConfig config) {
        this.pool = pool;
        this.store = store;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.tracing = tracing;
        this.signal = signal;
        this.chunkSize = config.invitations().chunkSize();
        this.appliers = config.invitations().appliers();
        this.idlePollMillis = config.invitations().applierIdlePoll().toMillis();
        this.enabled = config.invitations().workersEnabled();
    }

    void start(@Observes StartupEvent event) {
        if (!enabled || appliers < 1) {
            return;
        }
        running = true;
        for (int i = 0; i < appliers; i++) {
            Thread thread = new Thread(this::run, "usher-applier-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /**
     * No chunk starts from here on; the chunks under way finish (a chunk is a second or less), so
     * that nothing is left for another replica to redo.
     */
    void stop(@Observes ShutdownEvent event) {
        running = false;
        signal.wake();
        // Bounded, whatever the chunks do: a chunk stuck on a database that went away is rolled
        // back when the pool closes, and its lines are decided by another replica.
        long until = System.currentTimeMillis() + STOP_WAIT_MILLIS;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, until - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (running) {
            long seen = signal.seen();
            Work work = new Work();
            try {
                applyNext(work).await().indefinitely();
                // On this thread, whose MDC is its own: the lines it logs name the chunk's batch.
                work.committed();
                if (work.claim != null) {
                    retryMillis = FIRST_RETRY_MILLIS;
                } else {
                    signal.await(seen, idlePollMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // The database away, a deadlock, a bug: the chunk was rolled back and is taken again.
                work.logContext();
                LOG.warnf(e, "An invitation chunk failed; retrying in %d ms", retryMillis);
                BatchLogContext.clear();
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
            }
        }
    }

    /** One claim and, when an account had lines ready, one chunk of it, committed; {@code work} says what. */
    private Uni<Void> applyNext(Work work) {
        return pool.withTransaction(sql -> Inbox.claim(sql)
                        .chain(claim -> claim == null ? Uni.createFrom().voidItem() : take(sql, claim, work)))
                .onItemOrFailure()
                .invoke((ignored, failure) -> work.end(failure));
    }

    private Uni<Void> take(SqlConnection sql, Inbox.Claim claim, Work work) {
        work.claim = claim;
        return Inbox.head(sql, claim.accountId())
                .chain(head -> head == null
                        ? Uni.createFrom().voidItem()
                        : Inbox.lines(sql, claim.accountId(), head, chunkSize)
                                .chain(lines -> lines.requests().isEmpty()
                                        ? Uni.createFrom().voidItem()
                                        : apply(sql, claim, head, lines, work)));
    }

    private Uni<Void> apply(SqlConnection sql, Inbox.Claim claim, Inbox.Head head, Inbox.Lines lines, Work work) {
        List<InvitationRequest> requests = lines.requests();
        work.head = head;
        work.sample = metrics.chunkStarted();
        work.span = tracing.startChunk(claim.accountId(), requests.size(), lines.traceparents());
        // The chunk's mails carry its trace, so that the relay's sending links to it.
        return store.apply(sql, claim, head, requests, TraceParents.of(work.span))
                .invoke(applied -> work.applied = applied)
                .chain(() -> Inbox.deleteDecided(
                        sql,
                        claim.accountId(),
                        head.batchId(),
                        requests.get(requests.size() - 1).seq()));
    }

    /** One claim's way through: what it took and applied, its span and its timing. */
    private final class Work {
        Inbox.Claim claim;
        Inbox.Head head;
        Timer.Sample sample;
        Span span;
        AppliedChunk applied;

        void end(Throwable failure) {
            if (span != null) {
                ChunkTracing.end(span, failure);
            }
        }

        /** Counted and published once committed: a rolled-back chunk is redone and counted then. */
        void committed() {
            if (applied == null) {
                return;
            }
            metrics.chunkApplied(sample, applied);
            if (applied.batchesCompleted() > 0) {
                logContext();
                LOG.info("The batch completed");
                BatchLogContext.clear();
            }
            publish(span, applied.outcomes());
        }

        /** The chunk's account, batch and trace in this thread's MDC, for the line about to be logged. */
        void logContext() {
            if (claim != null) {
                BatchLogContext.set(claim.accountId(), head == null ? null : head.batchId());
            }
            if (span != null) {
                BatchLogContext.setTrace(span.getSpanContext());
            }
        }
    }

    /**
     * Outcomes are stored before they are published, and streams read them from PostgreSQL: the
     * topic only wakes streams up sooner. So a publication that fails is not retried and holds
     * nothing up (OutcomeProducer pauses while the topic is away). Serialising thousands of outcomes
     * is done on a worker thread while this applier takes its next chunk.
     */
    private void publish(Span chunk, List<OutcomeEvent> decided) {
        Span span = tracing.startPublish(chunk, decided.size());
        Uni.createFrom()
                .deferred(() -> outcomes.publish(decided))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure()
                .invoke((ignored, failure) -> ChunkTracing.end(span, failure))
                .subscribe()
                .with(ignored -> {}, failure -> {});
    }
}
