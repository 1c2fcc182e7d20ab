package io.usher.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox on {@code /q/metrics}: how many mails wait, and how long the oldest has waited (the
 * alert that says mail is not leaving). Over every account: the platform's backlog.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();

    public OutboxMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        registry.gauge("usher.outbox.pending", pending);
        registry.gauge("usher.outbox.oldest.pending.age.seconds", oldestSeconds);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint"
                        + " FROM mail_outbox WHERE status = 'PENDING'")
                .execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong(0));
                    oldestSeconds.set(row.getLong(1));
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }
}
