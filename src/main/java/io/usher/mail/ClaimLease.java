package io.usher.mail;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One claim's lease as the replica holding it sees it. The database sets the lease's end ({@code
 * next_attempt_at = now() + lease}); this side keeps a local end on the monotonic clock, counted from
 * just before the claiming (or renewing) statement was sent, so it never ends later than the
 * database's. A mail is started only while that local end leaves room for a whole send — the send
 * timeout plus half of it again, for writing the result — and the lease is renewed, by token, when it
 * does not. A mail the renewal no longer finds under the token has a new owner and is not started.
 */
final class ClaimLease {

    private static final Logger LOG = Logger.getLogger(ClaimLease.class);

    private final Pool pool;
    private final UUID token;
    private final long lengthNanos;
    private final long neededNanos;

    private long endNanos;
    /** Claimed mails not started yet and, as far as this replica knows, still this claim's. */
    private final Set<Long> unstarted;

    private Uni<Void> renewal;

    /**
     * @param claimedAtNanos {@link System#nanoTime()} read before the claiming statement was sent
     */
    ClaimLease(Pool pool, UUID token, List<Long> ids, long claimedAtNanos, Duration length, Duration sendTimeout) {
        this.pool = pool;
        this.token = token;
        this.lengthNanos = length.toNanos();
        this.neededNanos = neededFor(sendTimeout).toNanos();
        this.endNanos = claimedAtNanos + lengthNanos;
        this.unstarted = new HashSet<>(ids);
    }

    /** What a lease must still have before a send starts under it: the send, then its result's write. */
    static Duration neededFor(Duration sendTimeout) {
        return sendTimeout.plus(sendTimeout.dividedBy(2));
    }

    /** Refuses a lease that could not cover one send and its result with time to spare. */
    static void check(Duration lease, Duration sendTimeout) {
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalStateException("usher.mail.send-timeout must be positive, not " + sendTimeout);
        }
        if (lease.compareTo(sendTimeout.multipliedBy(2)) < 0) {
            throw new IllegalStateException("usher.mail.claim-lease (" + lease
                    + ") must be at least twice usher.mail.send-timeout (" + sendTimeout
                    + "): a send must be able to finish, and its result be written, inside the lease");
        }
    }

    /**
     * Whether this mail may be started now, and if so marks it started: it is still this claim's,
     * and the lease has time for a whole send left — renewed first when it has not. Callers that
     * meet an expiring lease together share one renewal. A mail in flight is not renewed: it was
     * started with time enough to finish under the lease it had.
     */
    synchronized Uni<Boolean> covers(long id) {
        if (!unstarted.contains(id)) {
            return Uni.createFrom().item(false);
        }
        if (endNanos - System.nanoTime() >= neededNanos) {
            return Uni.createFrom().item(unstarted.remove(id));
        }
        if (renewal == null) {
            long sentAt = System.nanoTime();
            List<Long> ids = List.copyOf(unstarted);
            renewal = renew(ids)
                    .onItemOrFailure()
                    .invoke((renewed, failure) -> renewed(ids, renewed, failure, sentAt))
                    .replaceWithVoid()
                    .onFailure()
                    .recoverWithNull()
                    .memoize()
                    .indefinitely();
        }
        return renewal.map(ignored -> taken(id));
    }

    private synchronized boolean taken(long id) {
        return unstarted.remove(id);
    }

    private synchronized void renewed(List<Long> ids, Set<Long> renewed, Throwable failure, long sentAt) {
        renewal = null;
        if (failure != null) {
            LOG.warnf(
                    failure,
                    "The lease of %d claimed mail(s) could not be renewed; they are left to expire and be"
                            + " claimed again",
                    unstarted.size());
            unstarted.clear();
            return;
        }
        endNanos = sentAt + lengthNanos;
        int lost = 0;
        for (Long id : ids) {
            if (!renewed.contains(id) && unstarted.remove(id)) {
                lost++;
            }
        }
        if (lost > 0) {
            LOG.warnf(
                    "%d claimed mail(s) were claimed again elsewhere before their lease was renewed; left to"
                            + " their new owner",
                    lost);
        }
    }

    /** Moves the lease's end on for these mails, where they are still unsent and still this claim's. */
    private Uni<Set<Long>> renew(List<Long> ids) {
        return pool.preparedQuery("UPDATE mail_outbox SET next_attempt_at = now() + $3 * interval '1 millisecond'"
                        + " WHERE id = ANY($1) AND claim_token = $2 AND status = 'PENDING' RETURNING id")
                .execute(Tuple.of(ids.toArray(Long[]::new), token, lengthNanos / 1_000_000))
                .map(rows -> {
                    Set<Long> renewed = new HashSet<>();
                    for (Row row : rows) {
                        renewed.add(row.getLong(0));
                    }
                    return renewed;
                });
    }
}
