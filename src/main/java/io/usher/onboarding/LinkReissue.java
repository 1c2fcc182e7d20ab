package io.usher.onboarding;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.mail.MailKind;
import io.usher.mail.MailPayloads;
import io.usher.platform.LinkTokens;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * New links for the mails that migration V17 held back: mails queued before link tokens were
 * derived, whose whole link the migration took out of the outbox. Each gets a freshly minted link
 * (its seed in the mail, its token's hash in place of the old one on the live invitation or reset)
 * and is released to the relay; a mail whose link is no longer live is given up. Runs at start,
 * after the migrations; replicas starting together share the work (SKIP LOCKED), and a replica
 * stopped halfway leaves the rest to the next start, the mails still held.
 */
@ApplicationScoped
public class LinkReissue {

    private static final Logger LOG = Logger.getLogger(LinkReissue.class);
    /** Held mails reissued per transaction. */
    private static final int ROUND = 100;

    private final Pool pool;
    private final LinkTokens tokens;

    public LinkReissue(Pool pool, LinkTokens tokens) {
        this.pool = pool;
        this.tokens = tokens;
    }

    private record Held(long outboxId, UUID accountId, MailKind kind, String path, String oldHash, boolean pending) {}

    void onStart(@Observes StartupEvent event) {
        reissueHeld()
                .subscribe()
                .with(
                        count -> {
                            if (count > 0) {
                                LOG.infof(
                                        "Reissued the links of %d mails queued before link tokens were derived", count);
                            }
                        },
                        failure -> LOG.error(
                                "The links of mails held by migration V17 could not be reissued; the next start"
                                        + " tries again",
                                failure));
    }

    /** Reissues every held mail's link; how many held mails were dealt with. */
    public Uni<Integer> reissueHeld() {
        return round().chain(done ->
                done == 0 ? Uni.createFrom().item(0) : reissueHeld().map(rest -> rest + done));
    }

    private Uni<Integer> round() {
        return pool.withTransaction(sql -> sql.preparedQuery("SELECT r.outbox_id, o.account_id, o.kind,"
                        + " o.payload -> 'link' ->> 'path', encode(r.token_hash, 'hex'), o.status = 'PENDING'"
                        + " FROM mail_link_reissues r LEFT JOIN mail_outbox o ON o.id = r.outbox_id"
                        + " ORDER BY r.outbox_id LIMIT $1 FOR UPDATE OF r SKIP LOCKED")
                .execute(Tuple.of(ROUND))
                .chain(rows -> {
                    List<Held> held = new ArrayList<>();
                    for (Row row : rows) {
                        held.add(new Held(
                                row.getLong(0),
                                row.getUUID(1),
                                row.getString(2) == null ? null : MailKind.valueOf(row.getString(2)),
                                row.getString(3),
                                row.getString(4),
                                Boolean.TRUE.equals(row.getBoolean(5))));
                    }
                    // One statement at a time on the transaction's connection.
                    return Multi.createFrom()
                            .iterable(held)
                            .onItem()
                            .transformToUniAndConcatenate(mail -> reissue(sql, mail))
                            .collect()
                            .asList()
                            .replaceWith(held.size());
                }));
    }

    private Uni<Void> reissue(SqlConnection sql, Held mail) {
        Uni<Void> done = sql.preparedQuery("DELETE FROM mail_link_reissues WHERE outbox_id = $1")
                .execute(Tuple.of(mail.outboxId()))
                .replaceWithVoid();
        if (!mail.pending()) {
            return done; // the mail is gone, or was dealt with some other way: nothing to send
        }
        String table = mail.kind() == MailKind.PASSWORD_RESET ? "password_resets" : "invitations";
        LinkTokens.Minted link = tokens.mint();
        return sql.preparedQuery("UPDATE " + table + " l SET token_hash = decode($3, 'hex')"
                        + " WHERE l.account_id = $1 AND l.token_hash = decode($2, 'hex') AND "
                        + SingleUseLinks.live("l"))
                .execute(Tuple.of(mail.accountId(), mail.oldHash(), link.tokenHash()))
                .chain(rows -> rows.rowCount() == 1
                        ? sql.preparedQuery("UPDATE mail_outbox SET payload = jsonb_set(payload, '{link}', $3),"
                                        + " next_attempt_at = now() WHERE account_id = $1 AND id = $2")
                                .execute(Tuple.of(
                                        mail.accountId(), mail.outboxId(), MailPayloads.link(mail.path(), link.seed())))
                        : sql.preparedQuery("UPDATE mail_outbox SET status = 'FAILED', payload = payload - 'link',"
                                        + " last_error = 'its link was no longer live when it was reissued',"
                                        + " next_attempt_at = now() WHERE account_id = $1 AND id = $2")
                                .execute(Tuple.of(mail.accountId(), mail.outboxId())))
                .chain(() -> done);
    }
}
