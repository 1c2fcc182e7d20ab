package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** Stored outcomes, in seq order, with the state of their email. */
@ApplicationScoped
public class Outcomes {

    private final Pool pool;

    public Outcomes(Pool pool) {
        this.pool = pool;
    }

    /** Outcomes after {@code after}, at most {@code limit} of them. */
    public Uni<List<OutcomeView>> after(UUID accountId, UUID batchId, int after, int limit, OutcomeMessages say) {
        return pool.preparedQuery("SELECT o.seq, o.email, o.outcome, m.status, o.duplicate_of"
                        + " FROM invitation_outcomes o LEFT JOIN mail_outbox m ON m.id = o.outbox_id"
                        + " WHERE o.account_id = $1 AND o.batch_id = $2 AND o.seq > $3 ORDER BY o.seq LIMIT $4")
                .execute(Tuple.of(accountId, batchId, after, limit))
                .map(rows -> views(rows, say));
    }

    /** Outcomes after {@code after} up to {@code upTo}, in seq order. */
    public Uni<List<OutcomeView>> between(UUID accountId, UUID batchId, int after, int upTo, OutcomeMessages say) {
        return pool.preparedQuery("SELECT o.seq, o.email, o.outcome, m.status, o.duplicate_of"
                        + " FROM invitation_outcomes o LEFT JOIN mail_outbox m ON m.id = o.outbox_id"
                        + " WHERE o.account_id = $1 AND o.batch_id = $2 AND o.seq > $3 AND o.seq <= $4 ORDER BY o.seq")
                .execute(Tuple.of(accountId, batchId, after, upTo))
                .map(rows -> views(rows, say));
    }

    /**
     * The batch's latest outcomes that are not successes, up to seq {@code upTo}, oldest first, at
     * most {@code limit}: what a progress page shows before its stream resumes after {@code upTo}.
     */
    public Uni<List<OutcomeView>> latestMessages(
            UUID accountId, UUID batchId, int upTo, int limit, OutcomeMessages say) {
        return pool.preparedQuery("SELECT seq, email, outcome, NULL, duplicate_of FROM invitation_outcomes"
                        + " WHERE account_id = $1 AND batch_id = $2 AND seq <= $3 AND severity <> 'success'"
                        + " ORDER BY seq DESC LIMIT $4")
                .execute(Tuple.of(accountId, batchId, upTo, limit))
                .map(rows -> {
                    List<OutcomeView> views = views(rows, say);
                    Collections.reverse(views);
                    return views;
                });
    }

    /**
     * How the batch's mails stand, from the counts PostgreSQL keeps as mails change status
     * (invitation_batch_mails, V18): two rows read whatever the batch's size. Every success wrote
     * one mail, so those neither sent nor given up are still to be sent.
     */
    public Uni<MailDeliveries> deliveries(UUID accountId, UUID batchId) {
        return pool.preparedQuery("SELECT coalesce(c.sent, 0), coalesce(c.failed, 0),"
                        + " b.count_invited + b.count_invited_sso + b.count_added_existing_user"
                        + " FROM invitation_batches b LEFT JOIN invitation_batch_mails c ON c.batch_id = b.id"
                        + " WHERE b.account_id = $1 AND b.id = $2")
                .execute(Tuple.of(accountId, batchId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new MailDeliveries(0, 0, 0);
                    }
                    Row row = rows.iterator().next();
                    int sent = row.getInteger(0);
                    int failed = row.getInteger(1);
                    return new MailDeliveries(sent, Math.max(0, row.getInteger(2) - sent - failed), failed);
                });
    }

    /** The stored outcomes, their messages said from their codes in the reader's language. */
    private static List<OutcomeView> views(RowSet<Row> rows, OutcomeMessages say) {
        List<OutcomeView> views = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Outcome outcome = Outcome.valueOf(row.getString(2));
            int seq = row.getInteger(0);
            String email = row.getString(1);
            Integer duplicateOf = row.getInteger(4);
            views.add(new OutcomeView(
                    seq,
                    email,
                    outcome,
                    outcome.severity(),
                    say.of(seq, email, outcome, duplicateOf),
                    row.getString(3),
                    duplicateOf));
        }
        return views;
    }
}
