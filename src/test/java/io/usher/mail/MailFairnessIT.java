package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One account's big list never holds up another's mails: the relay serves the accounts with due
 * mail in turn, and mails a person is waiting for first.
 */
@QuarkusTest
class MailFairnessIT extends PlatformAdminTest {

    private static final int PENDING = 5_000;

    private String big;

    /** The big list's mails are not what is checked; left pending they would only slow the tests after. */
    @AfterEach
    void setTheBigListAside() {
        if (big != null) {
            Mailbox.setAside(pool, big);
        }
    }

    @Test
    void aSmallBatchsMailsAreSentWhileAnotherAccountsListWaits() {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        big = Accounts.create(Seeds.name("Fair big"), 1, 5);
        Batches.awaitCompleted(
                admin,
                Batches.postLines(admin, big, "template." + run + "@example.com", "EDITOR"),
                Duration.ofSeconds(30));
        // The big list: its one real mail, copied as a list's bulk mails (to 50 recipients).
        Sql.update(
                pool,
                "INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT account_id, kind, 'bulk' || (g % 50) || '.' || $2 || '@example.com', payload,"
                        + " 'fair:' || $2 || ':' || g, 1 FROM mail_outbox, generate_series(1, " + PENDING + ") g"
                        + " WHERE id = (SELECT min(id) FROM mail_outbox WHERE account_id = $1::uuid)",
                big,
                run);

        String small = Accounts.create(Seeds.name("Fair small"), 1, 5);
        List<String> addresses = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> "small" + i + "." + run + "@example.com")
                .toList();
        Batches.awaitCompleted(
                admin, Batches.postLines(admin, small, String.join("\n", addresses), "EDITOR"), Duration.ofSeconds(30));
        assertEquals(
                3,
                Sql.count(pool, "SELECT count(*) FROM mail_outbox WHERE account_id = $1::uuid AND priority = 0", small),
                "a batch of a few addresses: someone is waiting for its mails");
        addresses.forEach(address -> Mailbox.await(smtp, address, 1, Duration.ofSeconds(20)));

        long left = Sql.count(
                pool, "SELECT count(*) FROM mail_outbox WHERE account_id = $1::uuid AND status = 'PENDING'", big);
        assertTrue(
                left > PENDING / 5,
                "the small batch's mails did not wait for the big list: " + left + " still pending");
    }
}
