package io.usher.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.platform.ReplicaLifecycle;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends the outbox: claims due mails with {@code FOR UPDATE SKIP LOCKED} (so replicas share the
 * work), hides them under a lease while they are sent over reused SMTP connections, and writes each
 * mail's result as soon as it is known: SENT, or due again after an exponential back-off, or FAILED
 * after the last attempt. A claim is a lease with a token: the relay starts no send the lease could
 * not cover (it renews the lease first), and writes a result only while the token is still its own,
 * so a mail is never sent by two replicas at once. A mail's link is erased once it is sent or given up.
 */
@Startup
@ApplicationScoped
public class MailRelay {

    private static final Logger LOG = Logger.getLogger(MailRelay.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    // One connection attempt per replica every 15 s costs nothing, and a returning server is
    // used within 15 s (the fault script measured up to a minute's wait with a longer cap).
    private static final Duration MAX_PAUSE = Duration.ofSeconds(15);

    /**
     * One round's mails: an equal share of the claim for every lane (a priority and an account)
     * that has due mail, at least one each, each lane's oldest first; those a person is waiting for
     * are sent first. The lanes are found by a skip scan of the lanes index (one descent per lane),
     * and each lane's share read from the front of its part of the index: a round reads the entries
     * it claims, however many mails are pending. Rows another replica holds are skipped, not awaited.
     */
    private static final String CLAIM = "WITH RECURSIVE lanes AS ("
            + " (SELECT priority, account_id FROM mail_outbox WHERE status = 'PENDING'"
            + " ORDER BY priority, account_id LIMIT 1)"
            + " UNION ALL"
            + " SELECT following.priority, following.account_id FROM lanes CROSS JOIN LATERAL"
            + " (SELECT priority, account_id FROM mail_outbox WHERE status = 'PENDING'"
            + " AND (priority, account_id) > (lanes.priority, lanes.account_id)"
            + " ORDER BY priority, account_id LIMIT 1) following),"
            + " due AS (SELECT priority, account_id FROM lanes WHERE EXISTS (SELECT 1 FROM mail_outbox"
            + " WHERE status = 'PENDING' AND priority = lanes.priority AND account_id = lanes.account_id"
            + " AND next_attempt_at <= now())),"
            + " picked AS (SELECT mail.id FROM due CROSS JOIN LATERAL (SELECT id FROM mail_outbox"
            + " WHERE status = 'PENDING' AND priority = due.priority AND account_id = due.account_id"
            + " AND next_attempt_at <= now() ORDER BY next_attempt_at, id"
            + " LIMIT greatest(1, $1 / (SELECT count(*) FROM due)) FOR UPDATE SKIP LOCKED) mail)"
            + " UPDATE mail_outbox SET attempts = attempts + 1, claim_token = $3,"
            + " next_attempt_at = now() + $2 * interval '1 millisecond'"
            + " WHERE id IN (SELECT id FROM picked)"
            + " RETURNING id, kind, recipient, payload, attempts, (extract(epoch FROM created_at) * 1000)::bigint,"
            + " priority";

    private final Pool pool;
    private final UsherConfig config;
    private final MailLinks links;
    private final OutboxMetrics metrics;
    private final Tracer tracer;
    private final ReplicaLifecycle lifecycle;
    private final String messageIdHost;

    public MailRelay(
            Pool pool,
            UsherConfig config,
            MailLinks links,
            OutboxMetrics metrics,
            MeterRegistry registry,
            OpenTelemetry telemetry,
            ReplicaLifecycle lifecycle) {
        ClaimLease.check(config.mail().claimLease(), config.mail().sendTimeout());
        Gauge.builder("usher.mail.relay.paused", this, relay -> relay.paused() ? 1 : 0)
                .description("1 while this replica's relay waits for an SMTP server it could not reach")
                .register(registry);
        this.pool = pool;
        this.config = config;
        this.links = links;
        this.metrics = metrics;
        this.tracer = telemetry.getTracer("io.usher.mail");
        this.lifecycle = lifecycle;
        String host = URI.create(config.publicBaseUrl()).getHost();
        this.messageIdHost = host == null || host.isBlank() ? "usher.invalid" : host;
    }

    /** Set while the SMTP server is unreachable: nothing is claimed before then. */
    private volatile long pausedUntilMillis;

    private volatile Duration pause = Duration.ZERO;

    /** Set when the service stops: no send starts any more, unstarted mails are handed back. */
    @Scheduled(every = "${usher.mail.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        if (paused() || lifecycle.stopping()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createBy()
                .repeating()
                .uni(this::relayOnce)
                // A round that claimed anything may have left more: a lane's share is less than a claim.
                .whilst(round -> round.claimed() > 0 && !round.serverUnavailable() && !lifecycle.stopping())
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warn("The mail relay could not reach the outbox; it tries again shortly", e))
                .onFailure()
                .recoverWithNull();
    }

    /** One claim: how many mails it held, and whether the server could not be reached. */
    Uni<Round> relayOnce() {
        UUID token = UUID.randomUUID();
        // Read before the claim is sent: the database's lease, counted from its now(), ends no earlier.
        long claimedAt = System.nanoTime();
        return claim(token)
                .chain(mails -> mails.isEmpty()
                        ? Uni.createFrom().item(new Round(0, false))
                        : traced(mails, drain(new Drain(token, mails, claimedAt))));
    }

    /**
     * One span per claim, linked to the traces of the chunks that queued its mails (their
     * payloads carry them): a batch's trace reaches its mails without a span per mail.
     */
    private Uni<Round> traced(List<Claimed> mails, Uni<Round> drain) {
        Span span = TraceParents.continueAndLink(
                        tracer.spanBuilder("mail send")
                                .setSpanKind(SpanKind.CLIENT)
                                .setAttribute("usher.mail.count", mails.size()),
                        TraceParents.distinct(mails.stream()
                                .map(mail -> mail.payload().getString(MailPayloads.TRACEPARENT))
                                .toList()))
                .startSpan();
        return drain.onItemOrFailure().invoke((round, failure) -> {
            if (failure != null || (round != null && round.serverUnavailable())) {
                span.setStatus(
                        StatusCode.ERROR,
                        failure == null
                                ? "SMTP server unreachable"
                                : failure.getClass().getSimpleName());
            }
            span.end();
        });
    }

    private Uni<List<Claimed>> claim(UUID token) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(
                        config.mail().claimSize(), config.mail().claimLease().toMillis(), token))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new Claimed(
                                row.getLong(0),
                                MailKind.valueOf(row.getString(1)),
                                row.getString(2),
                                (JsonObject) row.getValue(3),
                                row.getInteger(4),
                                row.getLong(5),
                                row.getShort(6)));
                    }
                    claimed.sort(Comparator.comparingInt(Claimed::priority).thenComparingLong(Claimed::id));
                    return claimed;
                });
    }

    /**
     * Sends one claim's mails, a few at a time, each started only under a lease that covers it;
     * each result is written as it comes. Once the server is found unreachable (or the service
     * stops), the mails not yet started are held without being tried.
     */
    private Uni<Round> drain(Drain drain) {
        return Multi.createFrom()
                .iterable(drain.mails)
                .onItem()
                .transformToUni(mail -> deliver(drain, mail))
                .merge(config.mail().concurrency())
                .onItem()
                .invoke(drain::record)
                .collect()
                .last()
                .chain(drain.results::written)
                .map(ignored -> {
                    String unreachable = drain.unreachable;
                    pauseAfter(drain.sent == 0 && unreachable != null, unreachable);
                    return new Round(drain.mails.size(), unreachable != null);
                });
    }

    private Uni<ClaimResults.Result> deliver(Drain drain, Claimed mail) {
        if (lifecycle.stopping()) {
            // Claimed but not started: handed back at once (due now, its attempt returned), not hidden until the lease
            // ends.
            return Uni.createFrom().item(ClaimResults.Result.held(mail.id(), null, Duration.ZERO));
        }
        if (drain.unreachable != null) {
            return Uni.createFrom().item(ClaimResults.Result.held(mail.id(), drain.unreachable, drain.holdFor));
        }
        return drain.lease.covers(mail.id()).chain(covered -> {
            if (!covered) {
                // Its lease is lost (another replica owns it now) or could not be renewed: not ours to send.
                return Uni.createFrom().nullItem();
            }
            return send(mail).map(drain::resultOf);
        });
    }

    /**
     * A Message-ID fixed by the outbox row, the same on every try: the one duplicate no lease can
     * prevent — a replica that dies after the SMTP server's 250 and before the SENT is written, whose
     * mail is then sent again — carries the same Message-ID twice, which receivers can recognise. The
     * row's creation time keeps ids apart across databases that reuse row numbers.
     */
    private String messageId(Claimed claimed) {
        return "<outbox-" + claimed.id() + "." + claimed.createdMillis() + "@" + messageIdHost + ">";
    }

    private Uni<Result> send(Claimed claimed) {
        MailTemplateInstance mail;
        try {
            mail = compose(claimed);
        } catch (RuntimeException e) {
            return Uni.createFrom()
                    .item(new Result(claimed, "cannot render: " + e.getMessage(), SmtpFailure.MAIL_REJECTED));
        }
        // Rendered as it is sent: a template that fails is this mail's fault (SmtpFailure), not the server's.
        return mail.send()
                .ifNoItem()
                .after(config.mail().sendTimeout())
                .fail()
                .map(ignored -> new Result(claimed, null, null))
                .onFailure()
                .recoverWithItem(e -> new Result(claimed, String.valueOf(e.getMessage()), SmtpFailure.of(e)));
    }

    private MailTemplateInstance compose(Claimed claimed) {
        MailContent content = MailContent.of(
                config.platformName(), claimed.recipient(), claimed.payload(), links.url(claimed.payload()));
        String platform = config.platformName();
        String account = content.accountName();
        Mail mail = new Mail().addTo(claimed.recipient()).addHeader("Message-ID", messageId(claimed));
        return switch (claimed.kind()) {
            case INVITATION_PASSWORD ->
                MailTemplates.invitationPassword(content)
                        .mail(mail)
                        .subject("Your " + platform + " account / Votre compte " + platform);
            case INVITATION_SSO ->
                MailTemplates.invitationSso(content)
                        .mail(mail)
                        .subject("You are invited to " + platform + " / Invitation à " + platform);
            case ADDED_TO_ACCOUNT ->
                MailTemplates.addedToAccount(content)
                        .mail(mail)
                        .subject(account + " on " + platform + " / " + account + " sur " + platform);
            case PASSWORD_RESET ->
                MailTemplates.passwordReset(content)
                        .mail(mail)
                        .subject("Your new " + platform + " password / Votre nouveau mot de passe " + platform);
        };
    }

    private boolean paused() {
        return System.currentTimeMillis() < pausedUntilMillis;
    }

    /**
     * The relay's pause: doubled each round the server could not be reached at all (from a second,
     * or the first retry delay when shorter, up to 15 s, so a returning server is used soon),
     * gone once it answers.
     */
    private void pauseAfter(boolean unreachable, String error) {
        if (!unreachable) {
            if (!pause.isZero()) {
                LOG.info("The SMTP server answers again; the mail relay resumes");
            }
            pause = Duration.ZERO;
            return;
        }
        pause = nextPause();
        pausedUntilMillis = System.currentTimeMillis() + pause.toMillis();
        LOG.warnf("The SMTP server cannot be reached (%s); the mail relay pauses for %s", error, pause);
    }

    private Duration nextPause() {
        Duration first = shorter(config.mail().firstRetryDelay(), FIRST_PAUSE);
        Duration longest = shorter(config.mail().maxRetryDelay(), MAX_PAUSE);
        return shorter(pause.isZero() ? first : pause.multipliedBy(2), longest);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    record Round(int claimed, boolean serverUnavailable) {}

    private record Claimed(
            long id,
            MailKind kind,
            String recipient,
            JsonObject payload,
            int attempts,
            long createdMillis,
            short priority) {}

    private record Result(Claimed mail, String error, SmtpFailure failure) {}

    /** One claim being sent: its lease, its results, and what the round learnt of the server. */
    private final class Drain {

        final List<Claimed> mails;
        final ClaimLease lease;
        final ClaimResults results;
        volatile int sent;
        /** The server's last word when it could not be reached; null while it answers. */
        volatile String unreachable;
        /** How long mails held for an unreachable server wait. */
        volatile Duration holdFor;

        Drain(UUID token, List<Claimed> mails, long claimedAt) {
            this.mails = mails;
            this.lease = new ClaimLease(
                    pool,
                    token,
                    mails.stream().map(Claimed::id).toList(),
                    claimedAt,
                    config.mail().claimLease(),
                    config.mail().sendTimeout());
            this.results = new ClaimResults(pool, token, config.mail(), metrics);
        }

        synchronized ClaimResults.Result resultOf(Result attempt) {
            long id = attempt.mail().id();
            if (attempt.error() == null) {
                sent++;
                return ClaimResults.Result.sent(id);
            }
            if (attempt.failure() != SmtpFailure.SERVER_UNAVAILABLE) {
                return ClaimResults.Result.rejected(id, attempt.error());
            }
            if (unreachable == null) {
                // As before the lease: a round that reached the server retries soon; one that never did
                // waits out the pause the relay is about to take.
                holdFor = sent > 0 ? config.mail().firstRetryDelay() : nextPause();
            }
            unreachable = attempt.error();
            return ClaimResults.Result.held(id, attempt.error(), holdFor);
        }

        void record(ClaimResults.Result result) {
            if (result != null) {
                results.add(result);
            }
        }
    }
}
