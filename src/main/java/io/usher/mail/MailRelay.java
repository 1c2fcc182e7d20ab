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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.platform.ReplicaLifecycle;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends the outbox: claims due mails with {@code FOR UPDATE SKIP LOCKED} (so replicas share the
 * work), hides them under a lease while they are sent over reused SMTP connections, and writes each
 * mail's result as soon as it is known: SENT, or due again after an exponential back-off, or FAILED
 * after the last attempt. A claim is a lease with a token: the relay starts no send the lease could
 * not cover (it renews the lease first), and writes a result only while the token is still its own,
 * so a mail is never sent by two replicas at once. A mail's link is erased once it is sent or given up.
 * A claim is at most {@code usher.mail.claim-size} mails of the next lanes in turn, however many
 * accounts wait; mails a person waits for also have a loop of their own. On shutdown the relay
 * starts no more sends and waits for those under way, so that their results are written.
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
     * The lanes (a priority and an account) a round serves: the next ones in turn among those with
     * mail due, those a person waits for first, then the one served longest ago (or never). Lanes
     * another replica is claiming from are skipped, not awaited. Their rows stay locked until the
     * claim commits, so a mail queued meanwhile waits to lower its lane's due time after the claim
     * has moved it on: the claim cannot hide a mail it did not see. A round reads at most a claim's
     * worth of lanes, however many accounts wait; lanes whose mails all back off are passed over in
     * the turns' index without reading their mails.
     */
    private static final String LANES = "SELECT priority, account_id FROM mail_lanes"
            + " WHERE priority <= $1 AND pending > 0 AND due_at <= now()"
            + " ORDER BY priority, served_at NULLS FIRST, account_id LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED";

    /**
     * One round's mails: an equal share of the claim for each lane served, at least one, each
     * lane's oldest due mails first, read from the front of its part of the lanes index. Each lane's
     * turn moves to the back once it was served, and its due time on to when it next has a mail due
     * (the next mail's time, at the latest the lease's end). Rows another replica holds are skipped.
     */
    private static final String CLAIM = "WITH lanes AS (SELECT * FROM unnest($1::smallint[], $2::uuid[])"
            + " AS l(priority, account_id)),"
            + " picked AS (SELECT mail.id, lanes.priority, lanes.account_id FROM lanes CROSS JOIN LATERAL"
            + " (SELECT id FROM mail_outbox WHERE status = 'PENDING' AND priority = lanes.priority"
            + " AND account_id = lanes.account_id AND next_attempt_at <= now() ORDER BY next_attempt_at, id"
            + " LIMIT $3 FOR UPDATE SKIP LOCKED) mail),"
            + " claimed AS (UPDATE mail_outbox SET attempts = attempts + 1, claim_token = $5,"
            + " next_attempt_at = now() + $4 * interval '1 millisecond'"
            + " WHERE id IN (SELECT id FROM picked)"
            + " RETURNING id, kind, recipient, payload, attempts, (extract(epoch FROM created_at) * 1000)::bigint,"
            + " priority),"
            + " turns AS (UPDATE mail_lanes l"
            + " SET served_at = CASE WHEN t.taken THEN clock_timestamp() ELSE l.served_at END,"
            + " due_at = CASE WHEN t.taken THEN least(now() + $4 * interval '1 millisecond', t.next)"
            + " ELSE coalesce(t.next, 'infinity') END"
            + " FROM (SELECT lanes.priority, lanes.account_id, EXISTS (SELECT 1 FROM picked p"
            + " WHERE p.priority = lanes.priority AND p.account_id = lanes.account_id) AS taken,"
            + " (SELECT m.next_attempt_at FROM mail_outbox m WHERE m.status = 'PENDING'"
            + " AND m.priority = lanes.priority AND m.account_id = lanes.account_id"
            + " AND m.id NOT IN (SELECT id FROM picked) ORDER BY m.next_attempt_at, m.id LIMIT 1) AS next"
            + " FROM lanes) t"
            + " WHERE l.priority = t.priority AND l.account_id = t.account_id)"
            + " SELECT * FROM claimed";

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

    /** Set once shutdown waits for the rounds in flight: no round starts any more. */
    private volatile boolean closing;

    /** The rounds under way, each done once its results are written (or could not be). */
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

    /** Every lane in turn, those a person waits for first. */
    @Scheduled(every = "${usher.mail.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return rounds(MailPriority.BULK);
    }

    /**
     * Mails a person waits for, on a loop of their own: a round of bulk mail takes seconds, and a
     * reset queued just after it started must not wait for its end. A Vert.x timer, not the
     * scheduler, whose every() cannot go below a second.
     */
    void startPersonWaitingLoop(@Observes StartupEvent event, Vertx vertx) {
        long every = config.mail().personWaitingPollInterval().toMillis();
        if (every <= 0) {
            return;
        }
        personWaitingTimer = vertx.setPeriodic(every, id -> {
            if (personWaitingRunning.compareAndSet(false, true)) {
                rounds(MailPriority.PERSON_WAITING)
                        .onTermination()
                        .invoke(() -> personWaitingRunning.set(false))
                        .subscribe()
                        .with(ignored -> {}, failure -> {});
            }
        });
        timers = vertx;
    }

    private final AtomicBoolean personWaitingRunning = new AtomicBoolean();
    private volatile Vertx timers;
    private volatile long personWaitingTimer = -1;

    private Uni<Void> rounds(MailPriority lowest) {
        if (paused() || winding()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createBy()
                .repeating()
                .uni(() -> relayOnce(lowest))
                // A round that claimed anything may have left more: a lane's share is less than a claim.
                .whilst(round -> round.claimed() > 0 && !round.serverUnavailable() && !winding())
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warn("The mail relay could not reach the outbox; it tries again shortly", e))
                .onFailure()
                .recoverWithNull();
    }

    /**
     * Readiness is DOWN (the shutdown delay began) or shutdown is here: no send starts any more, so
     * that the sends under way finish, and their results are written, while the database pool is
     * still open. Another replica sends the mails handed back.
     */
    private boolean winding() {
        return closing || lifecycle.leaving();
    }

    /**
     * Shutdown waits here for the rounds in flight: their sends end (each within the send
     * time-out), their results are written, and their unstarted mails are handed back. Observers of
     * {@link ShutdownEvent} run before Quarkus closes the database pool and the mailer (their close
     * tasks run after the event), so none of these writes meets a closed pool: a mail whose result
     * was lost would be sent again by another replica once its lease ended.
     */
    void awaitRoundsInFlight(@Observes ShutdownEvent event) {
        if (timers != null) {
            timers.cancelTimer(personWaitingTimer);
        }
        Duration within = config.mail().sendTimeout().plus(Duration.ofSeconds(5));
        if (!awaitRoundsInFlight(within)) {
            LOG.warnf(
                    "Mail rounds were still under way after %s; their mails are sent again once their lease ends",
                    within);
        }
    }

    /** Stops new rounds and waits for those under way; false when some were still running after {@code within}. */
    boolean awaitRoundsInFlight(Duration within) {
        closing = true;
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** One round of every lane (as another replica would run it). */
    Uni<Round> relayOnce() {
        return relayOnce(MailPriority.BULK);
    }

    /** One claim of lanes up to {@code lowest} priority: how many mails it held, and whether the server could not be reached. */
    Uni<Round> relayOnce(MailPriority lowest) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            inFlight.add(done);
            // Registered before the check: shutdown either sees this round or the round sees shutdown.
            if (winding()) {
                inFlight.remove(done);
                done.complete(null);
                return Uni.createFrom().item(new Round(0, false));
            }
            UUID token = UUID.randomUUID();
            // Read before the claim is sent: the database's lease, counted from its now(), ends no earlier.
            long claimedAt = System.nanoTime();
            return claim(token, lowest)
                    .chain(mails -> mails.isEmpty()
                            ? Uni.createFrom().item(new Round(0, false))
                            : traced(mails, drain(new Drain(token, mails, claimedAt))))
                    .onTermination()
                    .invoke(() -> {
                        inFlight.remove(done);
                        done.complete(null);
                    });
        });
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

    private Uni<List<Claimed>> claim(UUID token, MailPriority lowest) {
        int size = config.mail().claimSize();
        return pool.withTransaction(sql -> sql.preparedQuery(LANES)
                .execute(Tuple.of(lowest.column(), size))
                .chain(lanes -> {
                    if (lanes.size() == 0) {
                        return Uni.createFrom().item(List.<Claimed>of());
                    }
                    List<Short> priorities = new ArrayList<>(lanes.size());
                    List<UUID> accounts = new ArrayList<>(lanes.size());
                    for (Row lane : lanes) {
                        priorities.add(lane.getShort(0));
                        accounts.add(lane.getUUID(1));
                    }
                    // At most one lane per mail of the claim, so the shares add up to no more than it.
                    return sql.preparedQuery(CLAIM)
                            .execute(Tuple.tuple()
                                    .addArrayOfShort(priorities.toArray(Short[]::new))
                                    .addArrayOfUUID(accounts.toArray(UUID[]::new))
                                    .addInteger(Math.max(1, size / lanes.size()))
                                    .addLong(config.mail().claimLease().toMillis())
                                    .addUUID(token))
                            .map(MailRelay::claimed);
                }));
    }

    private static List<Claimed> claimed(RowSet<Row> rows) {
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
        if (winding()) {
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
