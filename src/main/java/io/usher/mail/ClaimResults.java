package io.usher.mail;

import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes what became of one claim's mails as soon as it is known: a result goes out at once when no
 * write is under way, else with the others that arrived meanwhile, right after it (a group commit:
 * nothing waits for the end of the round, nor for a timer). Every write names the claim's token,
 * so a replica that lost its lease changes nothing of a mail that has a new owner.
 */
final class ClaimResults {

    private static final Logger LOG = Logger.getLogger(ClaimResults.class);

    /** What became of one mail. */
    enum Outcome {
        /** The server accepted it. */
        SENT,
        /** The server refused it, or it could not be built: an attempt is used up. */
        REJECTED,
        /** Not sent, through no fault of its own (server unreachable, relay stopping): the attempt is given back. */
        HELD
    }

    /** One mail's result; {@code delay} is how long a held mail waits before it is due again. */
    record Result(long id, Outcome outcome, String error, Duration delay) {

        static Result sent(long id) {
            return new Result(id, Outcome.SENT, null, Duration.ZERO);
        }

        static Result rejected(long id, String error) {
            return new Result(id, Outcome.REJECTED, error, Duration.ZERO);
        }

        static Result held(long id, String error, Duration delay) {
            return new Result(id, Outcome.HELD, error, delay);
        }
    }

    private final Pool pool;
    private final UUID token;
    private final UsherConfig.Mail config;
    private final OutboxMetrics metrics;

    private final List<Result> queued = new ArrayList<>();
    private final List<Runnable> whenWritten = new ArrayList<>();
    private boolean writing;

    ClaimResults(Pool pool, UUID token, UsherConfig.Mail config, OutboxMetrics metrics) {
        this.pool = pool;
        this.token = token;
        this.config = config;
        this.metrics = metrics;
    }

    /** Queues a result; it is written now, or right after the write under way. */
    void add(Result result) {
        synchronized (this) {
            queued.add(result);
            if (writing) {
                return;
            }
            writing = true;
        }
        writeNext();
    }

    /** Completes once every result added so far is written (or its write failed and was logged). */
    Uni<Void> written() {
        return Uni.createFrom().emitter(done -> {
            synchronized (this) {
                if (writing) {
                    whenWritten.add(() -> done.complete(null));
                    return;
                }
            }
            done.complete(null);
        });
    }

    private void writeNext() {
        List<Result> batch;
        List<Runnable> waiting;
        synchronized (this) {
            if (queued.isEmpty()) {
                writing = false;
                waiting = List.copyOf(whenWritten);
                whenWritten.clear();
                batch = null;
            } else {
                batch = List.copyOf(queued);
                queued.clear();
                waiting = List.of();
            }
        }
        if (batch == null) {
            waiting.forEach(Runnable::run);
            return;
        }
        write(batch).subscribe().with(ignored -> writeNext(), failure -> {
            // The mails keep their claim until the lease ends; then they are claimed and sent again.
            LOG.warnf(failure, "The results of %d mail(s) could not be written", batch.size());
            writeNext();
        });
    }

    private Uni<Void> write(List<Result> batch) {
        List<Long> sent = new ArrayList<>();
        List<Long> rejected = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        List<String> holdErrors = new ArrayList<>();
        List<Long> holdDelays = new ArrayList<>();
        for (Result result : batch) {
            switch (result.outcome()) {
                case SENT -> sent.add(result.id());
                case REJECTED -> {
                    rejected.add(result.id());
                    rejections.add(truncate(result.error()));
                }
                case HELD -> {
                    held.add(result.id());
                    holdErrors.add(result.error() == null ? null : truncate(result.error()));
                    holdDelays.add(result.delay().toMillis());
                }
            }
        }
        if (!rejected.isEmpty()) {
            LOG.warnf("%d mail(s) not accepted by the SMTP server; they will be tried again", rejected.size());
        }
        return markSent(sent)
                .chain(() -> markRejected(rejected, rejections))
                .chain(() -> markHeld(held, holdErrors, holdDelays));
    }

    private Uni<Void> markSent(List<Long> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE mail_outbox o SET status = 'SENT', sent_at = now(), last_error = NULL,"
                        + " payload = o.payload - 'link', claim_token = NULL"
                        + " FROM unnest($1::bigint[]) AS s(id) WHERE o.id = s.id AND o.claim_token = $2")
                .execute(Tuple.of(sent.toArray(Long[]::new), token))
                .invoke(rows -> metrics.sent(rows.rowCount()))
                .map(rows -> lostLease(sent.size(), rows.rowCount()));
    }

    private Uni<Void> markRejected(List<Long> rejected, List<String> rejections) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE mail_outbox o SET"
                        + " status = CASE WHEN o.attempts >= $2 THEN 'FAILED' ELSE 'PENDING' END,"
                        + " next_attempt_at = now() + least($3 * power(2, o.attempts - 1), $4) * interval '1 millisecond',"
                        + " payload = CASE WHEN o.attempts >= $2 THEN o.payload - 'link' ELSE o.payload END,"
                        + " last_error = f.error, claim_token = NULL"
                        + " FROM unnest($1::bigint[], $5::text[]) AS f(id, error) WHERE o.id = f.id AND o.claim_token = $6"
                        + " RETURNING o.status = 'FAILED' AS given_up")
                .execute(Tuple.tuple()
                        .addArrayOfLong(rejected.toArray(Long[]::new))
                        .addInteger(config.maxAttempts())
                        .addLong(config.firstRetryDelay().toMillis())
                        .addLong(config.maxRetryDelay().toMillis())
                        .addArrayOfString(rejections.toArray(String[]::new))
                        .addUUID(token))
                .invoke(rows -> rows.forEach(row -> metrics.rejected(row.getBoolean(0))))
                .map(rows -> lostLease(rejected.size(), rows.rowCount()));
    }

    /** Held mails give their attempt back: nothing was wrong with them. */
    private Uni<Void> markHeld(List<Long> held, List<String> errors, List<Long> delays) {
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE mail_outbox o SET attempts = o.attempts - 1,"
                        + " last_error = coalesce(h.error, o.last_error),"
                        + " next_attempt_at = now() + h.delay * interval '1 millisecond', claim_token = NULL"
                        + " FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS h(id, error, delay)"
                        + " WHERE o.id = h.id AND o.claim_token = $4")
                .execute(Tuple.tuple()
                        .addArrayOfLong(held.toArray(Long[]::new))
                        .addArrayOfString(errors.toArray(String[]::new))
                        .addArrayOfLong(delays.toArray(Long[]::new))
                        .addUUID(token))
                .map(rows -> lostLease(held.size(), rows.rowCount()));
    }

    private static Void lostLease(int results, int written) {
        if (written < results) {
            // Only a replica stalled past its lease gets here (the relay starts no send the lease cannot cover).
            LOG.warnf(
                    "%d mail result(s) came after their claim had been taken over; the new owner decides",
                    results - written);
        }
        return null;
    }

    private static String truncate(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }
}
