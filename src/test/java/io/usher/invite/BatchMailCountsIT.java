package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A batch's mail counts (the console's batch page asks every 3 s) come from counters PostgreSQL
 * keeps as each mail changes status, not from a join of every outcome to its mail: they must say
 * what that join says, after sending and after a mail is given up.
 */
@QuarkusTest
class BatchMailCountsIT extends PlatformAdminTest {

    @Inject
    Outcomes outcomes;

    private MailDeliveries deliveries(UUID account, UUID batch) {
        return outcomes.deliveries(account, batch).await().atMost(Duration.ofSeconds(10));
    }

    /** What joining every outcome of the batch to its mail says. */
    private MailDeliveries joined(UUID account, UUID batch) {
        String counts = "SELECT count(*) FROM invitation_outcomes o JOIN mail_outbox m ON m.id = o.outbox_id"
                + " WHERE o.account_id = $1 AND o.batch_id = $2 AND m.status = $3";
        return new MailDeliveries(
                (int) Sql.count(pool, counts, account, batch, "SENT"),
                (int) Sql.count(pool, counts, account, batch, "PENDING"),
                (int) Sql.count(pool, counts, account, batch, "FAILED"));
    }

    @Test
    void theCountsFollowEveryMailOfTheBatch() throws Exception {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("MailCounts"), 1, 10));
        List<String> emails = IntStream.rangeClosed(1, 4)
                .mapToObj(i -> Seeds.email("mail-count" + i))
                .toList();
        UUID batch = UUID.fromString(Batches.postLines(
                admin,
                account.toString(),
                emails.stream().collect(Collectors.joining("\n")) + "\nnot-an-address",
                "EDITOR"));
        Batches.awaitCompleted(admin, batch.toString(), Duration.ofSeconds(30));
        for (String email : emails) {
            Mailbox.await(smtp, email, 1, Duration.ofSeconds(30));
        }
        // A mail's result is written just after the server took it.
        MailDeliveries counted = deliveries(account, batch);
        for (int i = 0; i < 100 && counted.sent() < 4; i++) {
            Thread.sleep(100);
            counted = deliveries(account, batch);
        }
        assertEquals(new MailDeliveries(4, 0, 0), counted);
        assertEquals(joined(account, batch), counted);

        // A mail the relay gave up on, and one sent again (as an operator would, by hand).
        String mailOf = "SELECT m.id FROM invitation_outcomes o JOIN mail_outbox m ON m.id = o.outbox_id"
                + " WHERE o.account_id = $1 AND o.batch_id = $2 AND o.seq = $3";
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'FAILED', sent_at = NULL WHERE id IN (" + mailOf + ")",
                account,
                batch,
                1);
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'PENDING', sent_at = NULL, next_attempt_at = 'infinity'"
                        + " WHERE id IN (" + mailOf + ")",
                account,
                batch,
                2);
        assertEquals(new MailDeliveries(2, 1, 1), deliveries(account, batch));
        assertEquals(joined(account, batch), deliveries(account, batch));
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'SENT', sent_at = now() WHERE id IN (" + mailOf + ")",
                account,
                batch,
                2);
        assertEquals(new MailDeliveries(3, 0, 1), deliveries(account, batch));
    }
}
