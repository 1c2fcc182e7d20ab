package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usher.platform.ReplicaLifecycle;
import io.usher.platform.UsherConfig;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.SlowSmtpProxy;
import io.usher.testing.SlowSmtpResource;
import io.usher.testing.Sql;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, "many clients at once": a round of the relay claims at most a claim's worth of mails
 * however many accounts wait, the next lanes in turn; and a replica that stops finishes its sends
 * and writes their results before it lets shutdown go on. The service's own relay is off here: the
 * test drives a relay itself, round by round, so that every claim is one it can see.
 */
@QuarkusTest
@TestProfile(MailTurnsIT.RelayDrivenByTheTest.class)
class MailTurnsIT extends PlatformAdminTest {

    private static final int CLAIM_SIZE = 10;

    /** Claims of 10, sent 2 at a time through a proxy that holds each reply 20 ms (a mail takes about 0.1 s). */
    public static class RelayDrivenByTheTest implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.port", "${test-stack.smtp.slow-port}",
                    "usher.mail.poll-interval", "off",
                    "usher.mail.person-waiting-poll-interval", "PT0S",
                    "usher.mail.claim-size", String.valueOf(CLAIM_SIZE),
                    "usher.mail.concurrency", "2");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SlowSmtpResource.class, Map.of("reply-delay", "PT0.02S")));
        }
    }

    @InjectSmtpServer
    SlowSmtpProxy proxy;

    @Inject
    OutboxMetrics outboxMetrics;

    @Inject
    UsherConfig config;

    @Inject
    ReplicaLifecycle lifecycle;

    @Inject
    MailLinks links;

    @Inject
    MeterRegistry registry;

    private String run;
    private long template;

    @BeforeEach
    void aMailToCopy() {
        proxy.forwardTo(smtp.getSmtp().getPort());
        run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String account = Accounts.create(Seeds.name("Turns"), 1, 5);
        Batches.awaitCompleted(
                admin,
                Batches.postLines(admin, account, "template." + run + "@example.com", "EDITOR"),
                Duration.ofSeconds(30));
        template = Sql.count(pool, "SELECT min(id) FROM mail_outbox WHERE account_id = $1::uuid", account);
        // Not what is checked: sent now, it would only take a place in the rounds below.
        Mailbox.setAside(pool, account);
    }

    @Test
    void aRoundClaimsAtMostAClaimsWorthWhateverTheAccountsAndTheNextRoundResumesAfterTheLastLaneServed() {
        int accounts = 20 * CLAIM_SIZE;
        // Two mails for each of 200 accounts (accounts of their own: the outbox needs no account row).
        Sql.update(
                pool,
                "WITH a AS MATERIALIZED (SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + accounts
                        + ") n) INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT a.id, kind, 'turn' || a.n || '.' || g || '.' || $2 || '@example.com', payload,"
                        + " 'turns:' || $2 || ':' || a.n || ':' || g, 1 FROM mail_outbox, a, generate_series(1, 2) g"
                        + " WHERE mail_outbox.id = $1",
                template,
                run);
        MailRelay relay = relay();
        List<Integer> claims = new ArrayList<>();
        long served = 0;
        while (served < accounts) {
            assertTrue(claims.size() < 3 * accounts / CLAIM_SIZE, "every account was served within " + claims);
            claims.add(relay.relayOnce().await().atMost(Duration.ofSeconds(30)).claimed());
            served = Sql.count(
                    pool,
                    "SELECT count(DISTINCT account_id) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'SENT'",
                    "turns:" + run + ":%");
        }
        assertTrue(
                claims.stream().allMatch(claimed -> claimed <= CLAIM_SIZE),
                "no round claimed more than " + CLAIM_SIZE + " mails with " + accounts + " accounts waiting: "
                        + claims);
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM (SELECT account_id FROM mail_outbox WHERE dedupe_key LIKE $1"
                                + " AND status = 'SENT' GROUP BY account_id HAVING count(*) > 1) twice",
                        "turns:" + run + ":%"),
                "each round took the lanes after the last one served: no account had its second mail sent"
                        + " before every account had its first");
        assertEquals(
                accounts,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'PENDING'",
                        "turns:" + run + ":%"),
                "the second mails wait for the next turns");
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'SENT', sent_at = now(), claim_token = NULL"
                        + " WHERE dedupe_key LIKE $1 AND status = 'PENDING'",
                "turns:" + run + ":%");
    }

    @Test
    void aStoppingRelayFinishesItsSendsAndWritesTheirResultsBeforeShutdownGoesOn() throws Exception {
        // Mails a person waits for, in one lane: the round below takes them all, ahead of any bulk mail.
        Sql.update(
                pool,
                "WITH a AS MATERIALIZED (SELECT gen_random_uuid() AS id)"
                        + " INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT a.id, kind, 'stop' || g || '.' || $2 || '@example.com', payload,"
                        + " 'stop:' || $2 || ':' || g, 0 FROM mail_outbox, a, generate_series(1, " + CLAIM_SIZE + ") g"
                        + " WHERE mail_outbox.id = $1",
                template,
                run);
        MailRelay relay = relay();
        CompletableFuture<MailRelay.Round> round = relay.relayOnce(MailPriority.PERSON_WAITING)
                .subscribeAsCompletionStage()
                .toCompletableFuture();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'SENT'",
                        "stop:" + run + ":%")
                == 0) {
            assertTrue(System.nanoTime() < deadline, "the round sent nothing within 20 s");
            Thread.sleep(5);
        }

        // What shutdown does: no send starts any more, and it waits for the round under way.
        assertTrue(relay.awaitRoundsInFlight(Duration.ofSeconds(10)), "the round ended within 10 s");
        assertTrue(round.isDone(), "shutdown went on only once the round had ended");
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND claim_token IS NOT NULL",
                        "stop:" + run + ":%"),
                "every mail of the round has its result written: none is left under a lease, to be sent again"
                        + " when it runs out");
        long sent = Sql.count(
                pool,
                "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'SENT'",
                "stop:" + run + ":%");
        long received = 0;
        for (int i = 1; i <= CLAIM_SIZE; i++) {
            received +=
                    Mailbox.to(smtp, "stop" + i + "." + run + "@example.com").size();
        }
        assertEquals(sent, received, "every mail the server accepted is written SENT, and no other");
        assertTrue(sent < CLAIM_SIZE, "mails not started when it stopped were left unsent: " + sent + " sent");
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_outbox WHERE dedupe_key LIKE $1 AND status = 'PENDING'"
                                + " AND (attempts <> 0 OR next_attempt_at > now())",
                        "stop:" + run + ":%"),
                "the mails not started are handed back, due at once, their attempt returned");
        assertEquals(
                0, relay.relayOnce().await().atMost(Duration.ofSeconds(5)).claimed(), "a stopped relay claims nothing");
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'SENT', sent_at = now() WHERE dedupe_key LIKE $1 AND status = 'PENDING'",
                "stop:" + run + ":%");
    }

    /**
     * The gauges no longer count every pending mail: they read the lanes' counters, which the
     * outbox's triggers keep through every write the tests before made (inserts, claims, results,
     * mails set aside), and the front of the index of pending mail by age.
     */
    @Test
    void theOutboxGaugesReadTheLanesCountersWhichAgreeWithThePendingMail() {
        Sql.update(
                pool,
                "INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " SELECT gen_random_uuid(), kind, 'gauge' || g || '.' || $2 || '@example.com', payload,"
                        + " 'gauge:' || $2 || ':' || g, g % 2 FROM mail_outbox, generate_series(1, 30) g"
                        + " WHERE mail_outbox.id = $1",
                template,
                run);
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'FAILED' WHERE dedupe_key LIKE $1 AND recipient LIKE 'gauge1%'",
                "gauge:" + run + ":%");
        outboxMetrics.refresh().await().atMost(Duration.ofSeconds(10));

        long pending = Sql.count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'PENDING'");
        assertTrue(pending >= 30 - 11, "the mails just written are pending: " + pending);
        assertEquals(
                pending, (long) registry.get("usher.outbox.pending").gauge().value());
        assertEquals(
                pending,
                Sql.count(pool, "SELECT coalesce(sum(pending), 0) FROM mail_lanes"),
                "the lanes' counters agree with the outbox");
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_lanes l FULL JOIN (SELECT priority, account_id, count(*) AS n"
                                + " FROM mail_outbox WHERE status = 'PENDING' GROUP BY 1, 2) o USING (priority, account_id)"
                                + " WHERE coalesce(l.pending, 0) <> coalesce(o.n, 0)"),
                "each lane's counter agrees with its mails");
        long oldest = Sql.count(
                pool,
                "SELECT extract(epoch FROM now() - min(created_at))::bigint FROM mail_outbox WHERE status = 'PENDING'");
        assertEquals(
                oldest,
                registry.get("usher.outbox.oldest.pending.age.seconds").gauge().value(),
                2.0);
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'SENT', sent_at = now() WHERE dedupe_key LIKE $1 AND status = 'PENDING'",
                "gauge:" + run + ":%");
    }

    /** A relay of its own, as another replica's. */
    private MailRelay relay() {
        return new MailRelay(
                pool, config, links, outboxMetrics, new SimpleMeterRegistry(), OpenTelemetry.noop(), lifecycle);
    }
}
