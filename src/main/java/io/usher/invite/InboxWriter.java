package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Ids;
import io.usher.platform.ReplicaLifecycle;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Moves invitation requests from Kafka into the inbox as fast as it reads them: one statement per
 * poll, then the offsets are committed (the returned Uni completes). Deciding them is the appliers'
 * work (InvitationApplier), account by account in turn, so no account's records wait behind
 * another's on a shared partition, and a batch whose body is still being read holds no partition.
 * A redelivered record is stored again harmlessly: the appliers read each line once.
 */
@ApplicationScoped
public class InboxWriter {

    private static final Logger LOG = Logger.getLogger(InboxWriter.class);

    private final Pool pool;
    private final DeadLetters deadLetters;
    private final ApplierSignal signal;
    private final ReplicaLifecycle lifecycle;
    private final int blockSize;

    public InboxWriter(
            Pool pool, DeadLetters deadLetters, ApplierSignal signal, ReplicaLifecycle lifecycle, UsherConfig config) {
        this.pool = pool;
        this.deadLetters = deadLetters;
        this.signal = signal;
        this.lifecycle = lifecycle;
        this.blockSize = config.invitations().chunkSize();
    }

    @Incoming(Channels.INVITATION_REQUESTS)
    public Uni<Void> store(ConsumerRecords<String, RequestRecord> records) {
        InboxSlicer slicer = new InboxSlicer(blockSize);
        List<Uni<Void>> setAside = new ArrayList<>();
        for (ConsumerRecord<String, RequestRecord> record : records) {
            byte[] traceparent = ChunkTracing.traceparentOf(record.headers());
            if (record.value() instanceof InvitationRequest request) {
                slicer.add(request.batchId(), request.accountId(), request.seq(), request.email(), traceparent);
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
                    slicer.add(unreadable.batchId(), accountId, unreadable.seq(), null, traceparent);
                }
            }
        }
        List<Inbox.Slice> slices = slicer.slices();
        Uni<Void> deadLettered = setAside.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(setAside).andFailFast().replaceWithVoid();
        return deadLettered
                .chain(() -> slices.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .deferred(() -> Inbox.store(pool, slices))
                                .plug(untilDone("Storing " + records.count() + " invitation requests in the inbox")))
                .invoke(signal::wake);
    }

    /**
     * The database or the broker being away is no reason to lose or skip records: a failed step is
     * logged and tried again, backing off, until it succeeds. A replica that is stopping tries no
     * more: its offsets stay uncommitted, so another replica reads the records again.
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
