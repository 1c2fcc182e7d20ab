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

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final UsherConfig config;

    public MailRelay(Pool pool, ReactiveMailer mailer, UsherConfig config) {
        this.pool = pool;
        this.mailer = mailer;
        this.config = config;
    }

    @Scheduled(every = "${usher.mail.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return Multi.createBy()
                .repeating()
                .uni(this::relayOnce)
                .whilst(sent -> sent == config.mail().claimSize())
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warn("The mail relay could not reach the outbox; it tries again shortly", e))
                .onFailure()
                .recoverWithNull();
    }

    /** One claim: how many mails it held. */
    Uni<Integer> relayOnce() {
        return claim().chain(mails -> mails.isEmpty()
                ? Uni.createFrom().item(0)
                : Multi.createFrom()
                        .iterable(mails)
                        .onItem()
                        .transformToUni(this::send)
                        .merge(config.mail().concurrency())
                        .collect()
                        .asList()
                        .chain(this::record)
                        .replaceWith(mails.size()));
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
            return Uni.createFrom().item(new Result(claimed, "cannot render: " + e.getMessage()));
        }
        return mailer.send(mail)
                .ifNoItem()
                .after(SEND_TIMEOUT)
                .fail()
                .map(ignored -> new Result(claimed, null))
                .onFailure()
                .recoverWithItem(e -> new Result(claimed, String.valueOf(e.getMessage())));
    }

    private Mail render(Claimed claimed) {
        MailContent content = MailContent.of(config.platformName(), claimed.recipient(), claimed.payload());
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
            default -> throw new IllegalStateException("no template for " + claimed.kind());
        }
        return Mail.withHtml(claimed.recipient(), subject, html.render()).setText(text.render());
    }

    private Uni<Void> record(List<Result> results) {
        List<Long> sent = new ArrayList<>();
        List<Long> failed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Result result : results) {
            if (result.error() == null) {
                sent.add(result.mail().id());
            } else {
                failed.add(result.mail().id());
                errors.add(result.error().length() > 500 ? result.error().substring(0, 500) : result.error());
            }
        }
        if (!failed.isEmpty()) {
            LOG.warnf("%d mail(s) not accepted by the SMTP server; they will be tried again", failed.size());
        }
        Uni<Void> markSent = sent.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), last_error = NULL,"
                                + " payload = payload - 'link' WHERE id = ANY($1)")
                        .execute(Tuple.of((Object) sent.toArray(Long[]::new)))
                        .replaceWithVoid();
        Uni<Void> markFailed = failed.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery("UPDATE mail_outbox o SET"
                                + " status = CASE WHEN o.attempts >= $2 THEN 'FAILED' ELSE 'PENDING' END,"
                                + " next_attempt_at = now() + least($3 * power(2, o.attempts - 1), $4) * interval '1 millisecond',"
                                + " payload = CASE WHEN o.attempts >= $2 THEN o.payload - 'link' ELSE o.payload END,"
                                + " last_error = f.error"
                                + " FROM unnest($1::bigint[], $5::text[]) AS f(id, error) WHERE o.id = f.id")
                        .execute(Tuple.tuple()
                                .addArrayOfLong(failed.toArray(Long[]::new))
                                .addInteger(config.mail().maxAttempts())
                                .addLong(config.mail().firstRetryDelay().toMillis())
                                .addLong(config.mail().maxRetryDelay().toMillis())
                                .addArrayOfString(errors.toArray(String[]::new)))
                        .replaceWithVoid();
        return markSent.chain(() -> markFailed);
    }

    private record Claimed(long id, String kind, String recipient, JsonObject payload, int attempts) {}

    private record Result(Claimed mail, String error) {}
}
