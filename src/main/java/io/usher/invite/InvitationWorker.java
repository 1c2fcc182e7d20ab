package io.usher.invite;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
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
    private final int chunkSize;
    private volatile boolean stopping;

    public InvitationWorker(
            Pool pool,
            InvitationStore store,
            OutcomeProducer outcomes,
            DeadLetters deadLetters,
            InvitationMetrics metrics,
            UsherConfig config) {
        this.pool = pool;
        this.store = store;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.chunkSize = config.invitations().chunkSize();
    }

    /**
     * A replica that is stopping tries a failed chunk no more: its offsets stay uncommitted, so
     * its consumer leaves the group at once and another replica redoes the chunk (its stored
     * outcomes make that safe), instead of the partition waiting out the close timeout here.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming(Channels.INVITATION_REQUESTS)
    public Uni<Void> process(ConsumerRecords<String, RequestRecord> records) {
        Map<UUID, List<InvitationRequest>> byAccount = new LinkedHashMap<>();
        List<Uni<Void>> setAside = new ArrayList<>();
        for (ConsumerRecord<String, RequestRecord> record : records) {
            if (record.value() instanceof InvitationRequest request) {
                byAccount
                        .computeIfAbsent(request.accountId(), id -> new ArrayList<>())
                        .add(request);
            } else if (record.value() instanceof UnreadableRequest unreadable) {
                LOG.warnf(
                        "The request record %s-%d@%d cannot be read (%s); it goes to the dead-letter topic",
                        record.topic(), record.partition(), record.offset(), unreadable.reason());
                setAside.add(Uni.createFrom()
                        .deferred(() -> deadLetters.setAside(record, unreadable))
                        .plug(untilDone("Setting an unreadable record aside")));
                UUID accountId = AddressReaders.parseUuid(record.key());
                if (unreadable.attributed() && accountId != null) {
                    // Its line is still reported, in its place, so that its batch completes.
                    byAccount
                            .computeIfAbsent(accountId, id -> new ArrayList<>())
                            .add(InvitationRequest.unreadableLine(unreadable.batchId(), accountId, unreadable.seq()));
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
                .transformToUniAndConcatenate(account -> processAccount(account.getKey(), account.getValue()))
                .collect()
                .last()
                .invoke(() -> LOG.debugf(
                        "%d records of %d accounts in %d ms",
                        records.count(), byAccount.size(), (System.nanoTime() - start) / 1_000_000))
                .replaceWithVoid();
    }

    /**
     * The account's chunks are applied one after the other (each sees what the previous one did),
     * while the outcomes of each applied chunk are already on their way to the broker: the next
     * transaction does not wait for the acknowledgements, only the offset commit does.
     */
    private Uni<Void> processAccount(UUID accountId, List<InvitationRequest> requests) {
        List<List<InvitationRequest>> chunks = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += chunkSize) {
            chunks.add(requests.subList(from, Math.min(requests.size(), from + chunkSize)));
        }
        List<CompletableFuture<Void>> publications = new ArrayList<>();
        return Multi.createFrom()
                .iterable(chunks)
                .onItem()
                .transformToUniAndConcatenate(chunk -> apply(accountId, chunk)
                        .invoke(decided ->
                                publications.add(publish(accountId, decided).subscribeAsCompletionStage())))
                .collect()
                .last()
                .chain(() -> Uni.createFrom()
                        .completionStage(CompletableFuture.allOf(publications.toArray(CompletableFuture[]::new))))
                .replaceWithVoid();
    }

    private Uni<List<OutcomeEvent>> apply(UUID accountId, List<InvitationRequest> chunk) {
        long start = System.nanoTime();
        return Uni.createFrom()
                .item(metrics::chunkStarted)
                .chain(sample -> pool.withTransaction(sql -> store.apply(sql, accountId, chunk))
                        .invoke(() -> metrics.chunkApplied(sample)))
                // The request that made this batch is still sending its records: wait for it.
                .onFailure(e -> e instanceof BatchNotReadyException && !stopping)
                .retry()
                .withBackOff(Duration.ofMillis(10), Duration.ofMillis(50))
                .indefinitely()
                .invoke(decided -> LOG.debugf(
                        "chunk of %d applied in %d ms", chunk.size(), (System.nanoTime() - start) / 1_000_000))
                .plug(untilDone("An invitation chunk of account " + accountId));
    }

    /**
     * Outcomes are stored before they are published, and streams read them from PostgreSQL: the
     * topic only wakes streams up sooner. So a publication that fails is not retried and holds
     * nothing up (OutcomeProducer pauses while the topic is away); the streams' periodic read
     * delivers those outcomes.
     */
    private Uni<Void> publish(UUID accountId, List<OutcomeEvent> decided) {
        return Uni.createFrom()
                .deferred(() -> outcomes.publish(decided))
                // Serialising thousands of outcomes is work the next chunk's transaction need not
                // wait for: it is done on a worker thread while the event loop goes on.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure()
                .recoverWithNull();
    }

    /**
     * The database or the broker being away is no reason to lose or skip work: a failed step is
     * logged and tried again, backing off, until it succeeds (a redone chunk finds its stored
     * outcomes and applies nothing twice).
     */
    private <T> Function<Uni<T>, Uni<T>> untilDone(String what) {
        return uni -> uni.onFailure(e -> !stopping)
                .invoke(e -> LOG.warnf(e, "%s failed; retrying", what))
                .onFailure(e -> !stopping)
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .indefinitely();
    }
}
