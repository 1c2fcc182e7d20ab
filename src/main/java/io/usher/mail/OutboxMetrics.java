package io.usher.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox on {@code /q/metrics}: how many mails wait, and how long the oldest has waited (the
 * alert that says mail is not leaving), over every account; and what this replica's relay made of
 * the mails it sent: accepted, refused and due again, or refused for the last time.
 */
@ApplicationScoped
public class OutboxMetrics {

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
