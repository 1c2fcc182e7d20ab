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
import java.util.ArrayList;
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
    private String manyRun;

    /** The big list's mails are not what is checked; left pending they would only slow the tests after. */
    @AfterEach
    void setTheBigListAside() throws InterruptedException {
        if (big != null) {
            Mailbox.setAside(pool, big);
        }
        if (manyRun != null) {
            // Skipping the rows the relay is writing: waiting for them while holding others could deadlock with it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Sql.update(
                                    pool,
                                    "WITH aside AS (SELECT id FROM mail_outbox WHERE dedupe_key LIKE $1"
                                            + " AND status = 'PENDING' FOR UPDATE SKIP LOCKED)"
                                            + " UPDATE mail_outbox m SET status = 'SENT', sent_at = now(), claim_token = NULL"
                                            + " FROM aside WHERE m.id = aside.id",
                                    "many:" + manyRun + ":%")
                            > 0
                    || Sql.count(
                                    pool,
                                    "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'PENDING'",
                                    "many:" + manyRun + ":%")
                            > 0) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(50);
            }
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

    /**
     * Issue 25: a round claims at most a claim's worth of mails whatever the number of accounts, and
     * mails a person waits for have a loop of their own, so a reset is not held by the bulk round
     * under way: sent within a second of being queued beside 5,000 accounts with mail waiting.
     */
    @Test
    void aMailAPersonWaitsForIsSentWithinASecondBesideFiveThousandAccountsWithMailWaiting() throws Exception {
        manyRun = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String account = Accounts.create(Seeds.name("Many"), 1, 5);
        Batches.awaitCompleted(
                admin,
                Batches.postLines(admin, account, "template." + manyRun + "@example.com", "EDITOR"),
                Duration.ofSeconds(30));
        long template = Sql.count(pool, "SELECT min(id) FROM mail_outbox WHERE account_id = $1::uuid", account);
        Sql.update(
                pool,
                "WITH a AS MATERIALIZED (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 5000) n)"
                        + " INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT a.id, kind, 'many' || (a.n % 50) || '.' || $2 || '@example.com', payload,"
                        + " 'many:' || $2 || ':' || a.n || ':' || g, 1 FROM mail_outbox, a, generate_series(1, 2) g"
                        + " WHERE mail_outbox.id = $1",
                template,
                manyRun);

        List<Long> waits = new ArrayList<>();
        for (int probe = 1; probe <= 5; probe++) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Sql.count(
                            pool,
                            "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'PENDING'"
                                    + " AND claim_token IS NOT NULL",
                            "many:" + manyRun + ":%")
                    == 0) {
                assertTrue(System.nanoTime() < deadline, "no round of bulk mail under way");
                Thread.sleep(10);
            }
            String recipient = "waiting" + probe + "." + manyRun + "@example.com";
            long queued = System.nanoTime();
            Sql.update(
                    pool,
                    "INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                            + " SELECT account_id, kind, $2, payload, $2, 0 FROM mail_outbox WHERE id = $1",
                    template,
                    recipient);
            while (Mailbox.to(smtp, recipient).isEmpty()) {
                assertTrue(
                        System.nanoTime() - queued < Duration.ofSeconds(10).toNanos(), recipient + " not sent in 10 s");
                Thread.sleep(5);
            }
            waits.add(Duration.ofNanos(System.nanoTime() - queued).toMillis());
            Thread.sleep(500);
        }
        long claimed = Sql.count(
                pool,
                "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'SENT'",
                "many:" + manyRun + ":%");
        System.out.printf(
                "MailFairnessIT: mails a person waits for sent %s ms after being queued, beside 5,000 accounts"
                        + " (%d of their 10,000 mails sent meanwhile)%n",
                waits, claimed);
        assertTrue(
                waits.stream().allMatch(wait -> wait < 1_000),
                "each sent within 1 s of being queued while bulk rounds were under way: " + waits + " ms");
    }
}
