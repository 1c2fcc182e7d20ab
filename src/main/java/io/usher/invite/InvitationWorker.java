package io.usher.invite;

import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.usher.platform.Ids;
import io.usher.platform.ReplicaLifecycle;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Decides invitation requests as Kafka delivers them, in batches: per account, in offset order
 * (which is list order), one transaction per chunk, then the outcomes are published. The
 * returned Uni completes only after both, and only then are the offsets committed: a crash in
 * between redelivers records whose outcomes are stored, and those are re-published, not re-applied.
 */
@ApplicationScoped
public class InvitationWorker {

    private static final Logger LOG = Logger.getLogger(InvitationWorker.class);

    private final Pool pool;
    private final InvitationStore store;
    private final OutcomeProducer outcomes;
    private final DeadLetters deadLetters;
    private final InvitationMetrics metrics;
    private final ChunkTracing tracing;
    private final int chunkSize;
    private final ReplicaLifecycle lifecycle;

    public InvitationWorker(
            Pool pool,
            InvitationStore store,
            OutcomeProducer outcomes,
            DeadLetters deadLetters,
            InvitationMetrics metrics,
            ChunkTracing tracing,
            ReplicaLifecycle lifecycle,
            UsherConfig config) {
        this.lifecycle = lifecycle;
        this.pool = pool;
        this.store = store;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracing = tracing;
        this.chunkSize = config.invitations().chunkSize();
    }

    @Incoming(Channels.INVITATION_REQUESTS)
    public Uni<Void> process(ConsumerRecords<String, RequestRecord> records) {
        return process(records, Lane.LARGE);
    }

    /** The small lane: the same work, on a topic of its own, so that small batches never queue behind large ones. */
    @Incoming(Channels.SMALL_INVITATION_REQUESTS)
    public Uni<Void> processSmall(ConsumerRecords<String, RequestRecord> records) {
        return process(records, Lane.SMALL);
    }

    private Uni<Void> process(ConsumerRecords<String, RequestRecord> records, Lane lane) {
        Map<UUID, AccountRequests> byAccount = new LinkedHashMap<>();
        List<Uni<Void>> setAside = new ArrayList<>();
        for (ConsumerRecord<String, RequestRecord> record : records) {
            byte[] traceparent = ChunkTracing.traceparentOf(record.headers());
            if (record.value() instanceof InvitationRequest request) {
                byAccount
                        .computeIfAbsent(request.accountId(), id -> new AccountRequests())
                        .add(request, traceparent);
            } else if (record.value() instanceof UnreadableRequest unreadable) {
                LOG.warnf(
                        "The request record %s-%d@%d (batch %s) cannot be read (%s); it goes to the dead-letter topic",
                        record.topic(), record.partition(), record.offset(), unreadable.batchId(), unreadable.reason());
                setAside.add(Uni.createFrom()
                        .deferred(() -> deadLetters.setAside(record, unreadable))
                        .plug(untilDone("Setting an unreadable record aside")));
                UUID accountId = Ids.parse(record.key());
                if (unreadable.attributed() && accountId != null) {
                    // Its line is still reported, in its place, so that its batch completes.
                    byAccount
                            .computeIfAbsent(accountId, id -> new AccountRequests())
                            .add(
                                    InvitationRequest.unreadableLine(unreadable.batchId(), accountId, unreadable.seq()),
                                    traceparent);
                }
            }
        }
        long start = System.nanoTime();
        Uni<Void> deadLettered = setAside.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(setAside).andFailFast().replaceWithVoid();
        return deadLettered
                .onItem()
                .transformToMulti(ignored -> Multi.createFrom().iterable(byAccount.entrySet()))
                .onItem()
                .transformToUniAndConcatenate(account -> processAccount(account.getKey(), account.getValue(), lane))
                .collect()
                .last()
                .invoke(() -> LOG.debugf(
                        "%d records of %d accounts in %d ms",
                        records.count(), byAccount.size(), (System.nanoTime() - start) / 1_000_000))
                .eventually(BatchLogContext::clear)
                .replaceWithVoid();
    }

    /** One account's requests of a poll, in offset order, with the trace each record carries. */
    private static final class AccountRequests {
        final List<InvitationRequest> requests = new ArrayList<>();
        final List<byte[]> traceparents = new ArrayList<>();

        void add(InvitationRequest request, byte[] traceparent) {
            requests.add(request);
            traceparents.add(traceparent);
        }
    }

    /**
     * The account's chunks are applied one after the other (each sees what the previous one did),
     * while the outcomes of each applied chunk are already on their way to the broker: the next
     * transaction does not wait for the acknowledgements, only the offset commit does.
     */
    private Uni<Void> processAccount(UUID accountId, AccountRequests account, Lane lane) {
        int size = account.requests.size();
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < size; from += chunkSize) {
            starts.add(from);
        }
        List<CompletableFuture<Void>> publications = new ArrayList<>();
        return Multi.createFrom()
                .iterable(starts)
                .onItem()
                .transformToUniAndConcatenate(from -> {
                    int to = Math.min(size, from + chunkSize);
                    List<InvitationRequest> chunk = account.requests.subList(from, to);
                    List<String> traces = ChunkTracing.distinct(account.traceparents.subList(from, to));
                    return traced(
                            accountId,
                            chunk,
                            traces,
                            span -> apply(accountId, chunk, lane, span)
                                    .invoke(applied -> publications.add(
                                            publish(span, applied.outcomes()).subscribeAsCompletionStage())));
                })
                .collect()
                .last()
                .chain(() -> Uni.createFrom()
                        .completionStage(CompletableFuture.allOf(publications.toArray(CompletableFuture[]::new))))
                .replaceWithVoid();
    }

    /**
     * Runs one chunk inside its span, with its account and batches in the log's MDC. The span ends
     * when the transaction is done; the publication has a span of its own.
     */
    private <T> Uni<T> traced(
            UUID accountId, List<InvitationRequest> chunk, List<String> traces, Function<Span, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            BatchLogContext.set(
                    accountId,
                    chunk.stream()
                            .map(request -> request.batchId().toString())
                            .distinct()
                            .collect(Collectors.joining(",")));
            Span span = tracing.startChunk(accountId, chunk.size(), traces);
            BatchLogContext.setTrace(span.getSpanContext());
            return work.apply(span).onItemOrFailure().invoke((item, failure) -> ChunkTracing.end(span, failure));
        });
    }

    private Uni<AppliedChunk> apply(UUID accountId, List<InvitationRequest> chunk, Lane lane, Span span) {
        // The chunk's mails carry its trace, so that the relay's sending links to it.
        String traceparent = TraceParents.of(span);
        return Uni.createFrom()
                .item(metrics::chunkStarted)
                .chain(sample -> pool.withTransaction(sql -> store.apply(sql, accountId, chunk, lane, traceparent))
                        // Counted once committed: a rolled-back chunk is redone and counted then.
                        .invoke(applied -> {
                            metrics.chunkApplied(sample, applied);
                            if (applied.batchesCompleted() > 0) {
                                LOG.infof("%d batch(es) of the chunk completed", applied.batchesCompleted());
                            }
                        }))
                // The request that made this batch is still sending its records, or an earlier batch
                // of the account waits in the other lane: wait for it.
                .onFailure(e -> e instanceof BatchNotReadyException && !lifecycle.stopping())
                .retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(50))
                .indefinitely()
                .plug(untilDone("An invitation chunk of account " + accountId));
    }

    /**
     * Outcomes are stored before they are published, and streams read them from PostgreSQL: the
     * topic only wakes streams up sooner. So a publication that fails is not retried and holds
     * nothing up (OutcomeProducer pauses while the topic is away); the streams' periodic read
     * delivers those outcomes.
     */
    private Uni<Void> publish(Span chunk, List<OutcomeEvent> decided) {
        Span span = tracing.startPublish(chunk, decided.size());
        return Uni.createFrom()
                .deferred(() -> outcomes.publish(decided))
                // Serialising thousands of outcomes is work the next chunk's transaction need not
                // wait for: it is done on a worker thread while the event loop goes on.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure()
                .invoke((ignored, failure) -> ChunkTracing.end(span, failure))
                .onFailure()
                .recoverWithNull();
    }

    /**
     * The database or the broker being away is no reason to lose or skip work: a failed step is
     * logged and tried again, backing off, until it succeeds (a redone chunk finds its stored
     * outcomes and applies nothing twice). A replica that is stopping tries no more: its offsets
     * stay uncommitted, so its consumer leaves the group at once and another replica redoes the
     * chunk, instead of the partition waiting out the close timeout here.
     */
    private <T> Function<Uni<T>, Uni<T>> untilDone(String what) {
        return uni -> uni.onFailure(e -> !lifecycle.stopping())
                .invoke(e -> LOG.warnf(e, "%s failed; retrying", what))
                .onFailure(e -> !lifecycle.stopping())
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .indefinitely();
    }
}
