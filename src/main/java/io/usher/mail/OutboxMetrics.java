package io.usher.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox on {@code /q/metrics}: how many mails wait, and how long the oldest has waited (the
 * alert that says mail is not leaving), over every account, as the replica that last read them saw it; and what this replica's relay made of
 * the mails it sent: accepted, refused and due again, or refused for the last time.
 */
@ApplicationScoped
public class OutboxMetrics {

    /** The advisory lock of the outbox's housekeeping: one replica at a time reads the gauges. */
    private static final long HOUSEKEEPING_LOCK = 0x7573686572L << 8 | 0x01;

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final Counter sent;
    private final Counter retried;
    private final Counter failed;

    public OutboxMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.sent = mails(registry, "sent", "Mails the SMTP server accepted");
        this.retried = mails(registry, "retried", "Mails the SMTP server refused, due again after a back-off");
        this.failed = mails(registry, "failed", "Mails refused at their last attempt: given up");
        registry.gauge("usher.outbox.pending", pending);
        registry.gauge("usher.outbox.oldest.pending.age.seconds", oldestSeconds);
    }

    private static Counter mails(MeterRegistry registry, String result, String description) {
        return Counter.builder("usher.mails." + result).description(description).register(registry);
    }

    void sent(int mails) {
        sent.increment(mails);
    }

    void rejected(boolean givenUp) {
        (givenUp ? failed : retried).increment();
    }

    /**
     * The database-wide figures, read from counters and an index, never from every pending mail:
     * the lanes' pending counts (kept by the outbox's triggers, so a few thousand rows at most, one
     * per account and priority) and the front of the index of pending mail by age. Every replica
     * reports them (the alerts take the max), one at a time: a replica that finds another at it
     * keeps its figures of 15 s before. The same housekeeping drops the rows of lanes idle for a
     * day; a mail queued in one meanwhile keeps it, or writes it again.
     */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.withTransaction(sql -> sql.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                        .execute(Tuple.of(HOUSEKEEPING_LOCK))
                        .chain(lock -> lock.iterator().next().getBoolean(0)
                                ? readAndSweep(sql)
                                : Uni.createFrom().voidItem()))
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Void> readAndSweep(SqlConnection sql) {
        return sql.query("SELECT (SELECT coalesce(sum(pending), 0) FROM mail_lanes)::bigint,"
                        + " (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM mail_outbox"
                        + " WHERE status = 'PENDING')::bigint")
                .execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong(0));
                    oldestSeconds.set(row.getLong(1));
                })
                .chain(() -> sql.query("DELETE FROM mail_lanes WHERE pending = 0"
                                + " AND coalesce(served_at, '-infinity') < now() - interval '1 day'")
                        .execute())
                .replaceWithVoid();
    }
}
