package io.usher.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends the outbox: claims due mails with {@code FOR UPDATE SKIP LOCKED} (so replicas share the
 * work without sending a mail twice), hides them for a lease while they are sent over reused SMTP
 * connections, then marks each SENT, or due again after an exponential back-off, or FAILED after
 * the last attempt. A mail's link is erased once it is sent or given up.
 */
@ApplicationScoped
public class MailRelay {

    private static final Logger LOG = Logger.getLogger(MailRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final UsherConfig config;
    private final MailLinks links;

    public MailRelay(Pool pool, ReactiveMailer mailer, UsherConfig config, MailLinks links) {
        this.pool = pool;
        this.mailer = mailer;
        this.config = config;
        this.links = links;
    }

    /** Set while the SMTP server is unreachable: nothing is claimed before then. */
    private volatile long pausedUntilMillis;

    private volatile Duration pause = Duration.ZERO;

    @Scheduled(every = "${usher.mail.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        if (System.currentTimeMillis() < pausedUntilMillis) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createBy()
                .repeating()
                .uni(this::relayOnce)
                .whilst(round -> round.claimed() == config.mail().claimSize() && !round.serverUnavailable())
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
        return claim().chain(mails -> mails.isEmpty()
                ? Uni.createFrom().item(new Round(0, false))
                : Multi.createFrom()
                        .iterable(mails)
                        .onItem()
                        .transformToUni(this::send)
                        .merge(config.mail().concurrency())
                        .collect()
                        .asList()
                        .chain(this::record)
                        .map(unavailable -> new Round(mails.size(), unavailable)));
    }

    private Uni<List<Claimed>> claim() {
        return pool.preparedQuery("UPDATE mail_outbox SET attempts = attempts + 1,"
                        + " next_attempt_at = now() + $2 * interval '1 millisecond'"
                        + " WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'PENDING' AND next_attempt_at <= now()"
                        + " ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, kind, recipient, payload, attempts")
                .execute(Tuple.of(
                        config.mail().claimSize(), config.mail().claimLease().toMillis()))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new Claimed(
                                row.getLong(0),
                                row.getString(1),
                                row.getString(2),
                                (JsonObject) row.getValue(3),
                                row.getInteger(4)));
                    }
                    return claimed;
                });
    }

    private Uni<Result> send(Claimed claimed) {
        Mail mail;
        try {
            mail = render(claimed);
        } catch (RuntimeException e) {
            return Uni.createFrom()
                    .item(new Result(claimed, "cannot render: " + e.getMessage(), SmtpFailure.MAIL_REJECTED));
        }
        return mailer.send(mail)
                .ifNoItem()
                .after(SEND_TIMEOUT)
                .fail()
                .map(ignored -> new Result(claimed, null, null))
                .onFailure()
                .recoverWithItem(e -> new Result(claimed, String.valueOf(e.getMessage()), SmtpFailure.of(e)));
    }

    private Mail render(Claimed claimed) {
        MailContent content = MailContent.of(
                config.platformName(), claimed.recipient(), claimed.payload(), links.url(claimed.payload()));
        String platform = config.platformName();
        TemplateInstance html;
        TemplateInstance text;
        String subject;
        switch (claimed.kind()) {
            case "INVITATION_PASSWORD" -> {
                html = MailTemplates.invitationPassword(content);
                text = MailTemplates.invitationPasswordText(content);
                subject = "Your " + platform + " account / Votre compte " + platform;
            }
            case "INVITATION_SSO" -> {
                html = MailTemplates.invitationSso(content);
                text = MailTemplates.invitationSsoText(content);
                subject = "You are invited to " + platform + " / Invitation à " + platform;
            }
            case "ADDED_TO_ACCOUNT" -> {
                html = MailTemplates.addedToAccount(content);
                text = MailTemplates.addedToAccountText(content);
                subject =
                        content.accountName() + " on " + platform + " / " + content.accountName() + " sur " + platform;
            }
            case Outbox.PASSWORD_RESET -> {
                html = MailTemplates.passwordReset(content);
                text = MailTemplates.passwordResetText(content);
                subject = "Your new " + platform + " password / Votre nouveau mot de passe " + platform;
            }
            default -> throw new IllegalStateException("no template for " + claimed.kind());
        }
        return Mail.withHtml(claimed.recipient(), subject, html.render()).setText(text.render());
    }

    /**
     * Marks each mail SENT, or due again after its back-off (FAILED after the last attempt), or —
     * when the server could not be reached — due again untouched, the attempt given back, while
     * the whole relay pauses. Tells whether the server was unavailable.
     */
    private Uni<Boolean> record(List<Result> results) {
        List<Long> sent = new ArrayList<>();
        List<Long> rejected = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        String unavailable = null;
        for (Result result : results) {
            if (result.error() == null) {
                sent.add(result.mail().id());
            } else if (result.failure() == SmtpFailure.SERVER_UNAVAILABLE) {
                held.add(result.mail().id());
                unavailable = result.error();
            } else {
                rejected.add(result.mail().id());
                rejections.add(truncate(result.error()));
            }
        }
        if (!rejected.isEmpty()) {
            LOG.warnf("%d mail(s) not accepted by the SMTP server; they will be tried again", rejected.size());
        }
        Duration wait = pauseAfter(sent.isEmpty() && !held.isEmpty(), unavailable);
        Uni<Void> markSent = sent.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mail_outbox o SET status = 'SENT', sent_at = now(), last_error = NULL,"
                                + " payload = o.payload - 'link' FROM unnest($1::bigint[]) AS s(id) WHERE o.id = s.id")
                        .execute(Tuple.of((Object) sent.toArray(Long[]::new)))
                        .replaceWithVoid();
        Uni<Void> markRejected = rejected.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mail_outbox o SET"
                                + " status = CASE WHEN o.attempts >= $2 THEN 'FAILED' ELSE 'PENDING' END,"
                                + " next_attempt_at = now() + least($3 * power(2, o.attempts - 1), $4) * interval '1 millisecond',"
                                + " payload = CASE WHEN o.attempts >= $2 THEN o.payload - 'link' ELSE o.payload END,"
                                + " last_error = f.error"
                                + " FROM unnest($1::bigint[], $5::text[]) AS f(id, error) WHERE o.id = f.id")
                        .execute(Tuple.tuple()
                                .addArrayOfLong(rejected.toArray(Long[]::new))
                                .addInteger(config.mail().maxAttempts())
                                .addLong(config.mail().firstRetryDelay().toMillis())
                                .addLong(config.mail().maxRetryDelay().toMillis())
                                .addArrayOfString(rejections.toArray(String[]::new)))
                        .replaceWithVoid();
        String lastError = truncate(String.valueOf(unavailable));
        Uni<Void> markHeld = held.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mail_outbox o SET attempts = o.attempts - 1, last_error = $2,"
                                + " next_attempt_at = now() + $3 * interval '1 millisecond'"
                                + " FROM unnest($1::bigint[]) AS h(id) WHERE o.id = h.id")
                        .execute(Tuple.of(held.toArray(Long[]::new), lastError, wait.toMillis()))
                        .replaceWithVoid();
        return markSent.chain(() -> markRejected).chain(() -> markHeld).map(ignored -> !held.isEmpty());
    }

    /**
     * The relay's pause: doubled each round the server could not be reached at all (from a second,
     * or the first retry delay when shorter, up to a minute, so a returning server is used soon),
     * gone once it answers.
     */
    private Duration pauseAfter(boolean unreachable, String error) {
        if (!unreachable) {
            if (!pause.isZero()) {
                LOG.info("The SMTP server answers again; the mail relay resumes");
            }
            pause = Duration.ZERO;
            return config.mail().firstRetryDelay();
        }
        Duration first = shorter(config.mail().firstRetryDelay(), FIRST_PAUSE);
        Duration longest = shorter(config.mail().maxRetryDelay(), MAX_PAUSE);
        pause = shorter(pause.isZero() ? first : pause.multipliedBy(2), longest);
        pausedUntilMillis = System.currentTimeMillis() + pause.toMillis();
        LOG.warnf("The SMTP server cannot be reached (%s); the mail relay pauses for %s", error, pause);
        return pause;
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String truncate(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }

    private record Round(int claimed, boolean serverUnavailable) {}

    private record Claimed(long id, String kind, String recipient, JsonObject payload, int attempts) {}

    private record Result(Claimed mail, String error, SmtpFailure failure) {}
}
