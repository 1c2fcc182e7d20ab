package io.usher.invite;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The leases of the batches whose bodies this replica is reading. A receiving batch holds its
 * Idempotency-Key and its lines in the inbox, so it must not outlive the request that reads it:
 * this replica renews its leases every heartbeat, and any replica drops a batch whose lease ran out
 * — its reader died — with its lines, freeing its Idempotency-Key.
 */
@Startup
@ApplicationScoped
public class ReceivingLeases {

    private static final Logger LOG = Logger.getLogger(ReceivingLeases.class);

    /** Batch id → account id of the bodies being read here. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();

    private final Pool pool;
    private final long leaseMillis;

    public ReceivingLeases(Pool pool, UsherConfig config) {
        this.pool = pool;
        this.leaseMillis = config.invitations().receivingLease().toMillis();
        if (config.invitations().receivingHeartbeat().multipliedBy(3).toMillis() > leaseMillis) {
            throw new IllegalStateException("usher.invitations.receiving-heartbeat must be at most a third of"
                    + " usher.invitations.receiving-lease, or a live request could lose its batch");
        }
    }

    /** The lease a new batch starts with, in milliseconds. */
    long leaseMillis() {
        return leaseMillis;
    }

    void hold(UUID accountId, UUID batchId) {
        held.put(batchId, accountId);
    }

    void release(UUID batchId) {
        held.remove(batchId);
    }

    @Scheduled(
            every = "${usher.invitations.receiving-heartbeat:PT5S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        Uni<Void> renew = held.isEmpty() ? Uni.createFrom().voidItem() : renew(Map.copyOf(held));
        return renew.chain(this::sweep)
                .onFailure()
                .invoke(e -> LOG.warn("Receiving leases could not be renewed or swept; trying again shortly", e))
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Void> renew(Map<UUID, UUID> leases) {
        return pool.preparedQuery(
                        "UPDATE invitation_batches b SET receiving_until = now() + $3 * interval '1 millisecond'"
                                + " FROM unnest($1::uuid[], $2::uuid[]) AS l(account_id, id)"
                                + " WHERE b.account_id = l.account_id AND b.id = l.id AND b.status = 'RECEIVING'")
                .execute(Tuple.of(
                        leases.values().toArray(UUID[]::new), leases.keySet().toArray(UUID[]::new), leaseMillis))
                .replaceWithVoid();
    }

    /**
     * Drops the batches whose readers died, on every account: this is the platform's housekeeping,
     * the one statement not scoped to an account. Their records, if any reached Kafka, find no
     * batch and are dropped by the workers.
     */
    private Uni<Void> sweep() {
        return pool.preparedQuery(
                        "DELETE FROM invitation_batches WHERE status = 'RECEIVING' AND receiving_until < now() RETURNING id")
                .execute()
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        LOG.warnf("Dropped %d batch(es) whose request died while its body was read", rows.rowCount());
                    }
                })
                // Their lines in the inbox went with them (ON DELETE CASCADE); what is left is a
                // redelivered line stored just as its batch completed.
                .chain(() -> Inbox.sweep(pool))
                .replaceWithVoid();
    }
}
