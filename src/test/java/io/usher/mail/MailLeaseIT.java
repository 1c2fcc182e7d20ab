package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
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
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.Seeds;
import io.usher.testing.SlowSmtpProxy;
import io.usher.testing.SlowSmtpResource;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "mail can be sent twice": two replicas drain the outbox through an SMTP server that
 * answers slowly, under a lease much shorter than a round — and every mail arrives exactly once,
 * on its first attempt, its result written as soon as it was known.
 */
@QuarkusTest
@TestProfile(MailLeaseIT.SlowServerShortLease.class)
class MailLeaseIT {

    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final int MAILS = 100;

    /**
     * The mailer talks to GreenMail through a proxy that holds each reply 100 ms (a mail takes about
     * half a second); a replica claims 60 mails and sends 2 at a time, so a round lasts about 15 s,
     * well beyond its 6 s lease.
     */
    public static class SlowServerShortLease implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.port", "${test-stack.smtp.slow-port}",
                    "usher.mail.claim-size", "60",
                    "usher.mail.concurrency", "2",
                    "usher.mail.send-timeout", "PT3S",
                    "usher.mail.claim-lease", LEASE.toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SlowSmtpResource.class, Map.of("reply-delay", "PT0.1S")));
        }
    }

    @InjectSmtpServer
    GreenMail smtp;

    @InjectSmtpServer
    SlowSmtpProxy proxy;

    @Inject
    OutboxMetrics outboxMetrics;

    @Inject
    Pool pool;

    @Inject
    UsherConfig config;

    @Inject
    ReplicaLifecycle lifecycle;

    @Inject
    MailLinks links;

    @Test
    void twoReplicasOnASlowServerUnderAShortLeaseDeliverEveryMailOnceAndRecordEachAsItGoes() throws Exception {
        proxy.forwardTo(smtp.getSmtp().getPort());
        String prefix = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = IntStream.rangeClosed(1, MAILS)
                .mapToObj(i -> prefix + "-" + i + "@lease.example")
                .toList();
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Lease"), 1, MAILS);

        // The second replica: the same relay, claiming with the same statement, on its own loop.
        MailRelay rival = new MailRelay(
                pool, config, links, outboxMetrics, new SimpleMeterRegistry(), OpenTelemetry.noop(), lifecycle);
        AtomicInteger rivalClaimed = new AtomicInteger();
        AtomicReference<Throwable> rivalFailure = new AtomicReference<>();
        Thread rivalLoop = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            MailRelay.Round round = rival.relayOnce().await().atMost(Duration.ofSeconds(60));
                            rivalClaimed.addAndGet(round.claimed());
                            if (round.claimed() == 0) {
                                Thread.sleep(50);
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Throwable e) {
                            rivalFailure.compareAndSet(null, e);
                            return;
                        }
                    }
                },
                "rival-relay");
        rivalLoop.setDaemon(true);
        ClaimWatch watch = new ClaimWatch(prefix);
        rivalLoop.start();
        try {
            Batches.awaitCompleted(
                    admin,
                    Batches.postLines(admin, accountId, String.join("\n", emails), "EDITOR"),
                    Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (Sql.count(
                            pool,
                            "SELECT count(*) FROM mail_outbox WHERE recipient LIKE $1 AND status = 'SENT'",
                            prefix + "-%")
                    < MAILS) {
                assertTrue(System.nanoTime() < deadline, "not every mail was sent within 90 s: " + outboxState(prefix));
                assertEquals(null, rivalFailure.get(), "the rival replica failed");
                watch.look();
                Thread.sleep(100);
            }
            // Time for a second copy of any mail to arrive, were one still under way.
            Thread.sleep(2000);
        } finally {
            rivalLoop.interrupt();
            rivalLoop.join(10_000);
        }

        String counts = emails.stream()
                .filter(e -> Mailbox.to(smtp, e).size() != 1)
                .map(e -> e + "=" + Mailbox.to(smtp, e).size())
                .collect(Collectors.joining(", "));
        assertEquals("", counts, "each mail arrives exactly once; these did not");
        assertEquals("SENT/1/1/" + MAILS, outboxState(prefix), "status/fewest attempts/most attempts/mails");
        assertTrue(proxy.connections() > 0, "the mails went through the slow proxy");
        assertTrue(
                rivalClaimed.get() > 0 && rivalClaimed.get() < MAILS,
                "both replicas sent some of the mails (the rival claimed " + rivalClaimed + ")");
        assertTrue(
                watch.longestHeld().compareTo(LEASE) > 0,
                "a claim held its mails longer than its lease (renewed): " + watch.longestHeld());
        assertTrue(watch.resultsWrittenMidRound, "a claim's results were written while it still held unsent mails");

        Map<String, Long> ids = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT recipient, id FROM mail_outbox WHERE recipient LIKE $1")
                .execute(Tuple.of(prefix + "-%"))
                .await()
                .atMost(Duration.ofSeconds(10))) {
            ids.put(row.getString(0), row.getLong(1));
        }
        for (String email : emails) {
            MimeMessage message = Mailbox.to(smtp, email).get(0);
            String messageId = message.getMessageID();
            assertTrue(
                    messageId.matches("<outbox-" + ids.get(email) + "\\.\\d+@127\\.0\\.0\\.1>"),
                    "the Message-ID names the outbox row: " + messageId);
        }
    }

    /**
     * A replica stalled past its lease (its mails claimed again by another) must neither start their
     * sends nor write their results; the new owner's results stand.
     */
    @Test
    void aClaimWhoseMailsWereClaimedAgainNeitherStartsThemNorWritesTheirResults() {
        UUID stalled = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        // Not due for an hour: the running relay leaves it alone.
        long id = Sql.count(
                pool,
                "INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, attempts, next_attempt_at,"
                        + " claim_token) VALUES (gen_random_uuid(), 'PASSWORD_RESET', $1, '{\"link\": \"x\"}'::jsonb, $1, 1, now() + interval '1 hour', $2)"
                        + " RETURNING id",
                "lost-lease-" + stalled + "@lease.example",
                stalled);
        // A lease read with time to spare starts the mail without asking the database.
        ClaimLease fresh = leaseOf(stalled, id, System.nanoTime());
        assertTrue(fresh.covers(id).await().atMost(Duration.ofSeconds(5)));
        assertEquals(false, fresh.covers(id).await().atMost(Duration.ofSeconds(5)), "a mail is started once");

        // A lease about to end is renewed first, by token: the database moves its end on.
        Sql.update(pool, "UPDATE mail_outbox SET next_attempt_at = now() + interval '1 second' WHERE id = $1", id);
        ClaimLease ending = leaseOf(stalled, id, System.nanoTime() - LEASE.toNanos());
        assertTrue(ending.covers(id).await().atMost(Duration.ofSeconds(5)), "renewed, then started");
        assertTrue(
                Sql.count(
                                pool,
                                "SELECT count(*) FROM mail_outbox WHERE id = $1 AND next_attempt_at > now() + interval '4 seconds'",
                                id)
                        == 1,
                "the renewal set the lease's end a whole lease ahead");

        // Claimed again by another replica (and kept from the running relay for the rest of the test).
        Sql.update(
                pool,
                "UPDATE mail_outbox SET claim_token = $2, attempts = 2, next_attempt_at = now() + interval '1 hour'"
                        + " WHERE id = $1",
                id,
                owner);
        ClaimLease lost = leaseOf(stalled, id, System.nanoTime() - LEASE.toNanos());
        assertEquals(
                false, lost.covers(id).await().atMost(Duration.ofSeconds(5)), "a mail claimed again is not started");
        ClaimResults late = new ClaimResults(pool, stalled, config.mail(), outboxMetrics);
        late.add(ClaimResults.Result.sent(id));
        late.written().await().atMost(Duration.ofSeconds(5));
        assertEquals("PENDING/2/true", rowState(id), "the stalled claim's result changes nothing");

        ClaimResults current = new ClaimResults(pool, owner, config.mail(), outboxMetrics);
        current.add(ClaimResults.Result.sent(id));
        current.written().await().atMost(Duration.ofSeconds(5));
        assertEquals("SENT/2/false", rowState(id), "the owner's result is written, the link erased");
        assertEquals(null, Sql.text(pool, "SELECT claim_token FROM mail_outbox WHERE id = $1", id));
    }

    private String rowState(long id) {
        return Sql.text(
                pool,
                "SELECT status || '/' || attempts || '/' || (payload ? 'link') FROM mail_outbox WHERE id = $1",
                id);
    }

    private String outboxState(String prefix) {
        return Sql.text(
                pool,
                "SELECT string_agg(DISTINCT status, ',') || '/' || min(attempts) || '/' || max(attempts) || '/'"
                        + " || count(*) FROM mail_outbox WHERE recipient LIKE $1",
                prefix + "-%");
    }

    /** Watches the claims on the test's mails: how long each held mails, and whether it let them go one by one. */
    private final class ClaimWatch {

        private final String prefix;
        private final Map<String, Long> firstSeen = new HashMap<>();
        private final Map<String, Long> lastSeen = new HashMap<>();
        private final Map<String, Long> lastCount = new HashMap<>();
        boolean resultsWrittenMidRound;

        ClaimWatch(String prefix) {
            this.prefix = prefix;
        }

        void look() {
            long now = System.nanoTime();
            for (Row row : pool.preparedQuery("SELECT claim_token::text, count(*) FROM mail_outbox"
                            + " WHERE recipient LIKE $1 AND status = 'PENDING' AND claim_token IS NOT NULL GROUP BY 1")
                    .execute(Tuple.of(prefix + "-%"))
                    .await()
                    .atMost(Duration.ofSeconds(10))) {
                String token = row.getString(0);
                long count = row.getLong(1);
                firstSeen.putIfAbsent(token, now);
                lastSeen.put(token, now);
                Long before = lastCount.put(token, count);
                if (before != null && count < before) {
                    // Some of this claim's mails are done while others are still to be sent.
                    resultsWrittenMidRound = true;
                }
            }
        }

        Duration longestHeld() {
            return firstSeen.keySet().stream()
                    .map(token -> Duration.ofNanos(lastSeen.get(token) - firstSeen.get(token)))
                    .max(Duration::compareTo)
                    .orElse(Duration.ZERO);
        }
    }

    /** A lease of the claim {@code token} on the one mail, read at {@code readAtNanos}. */
    private ClaimLease leaseOf(UUID token, long id, long readAtNanos) {
        return new ClaimLease(
                pool, token, List.of(id), readAtNanos, LEASE, config.mail().sendTimeout());
    }
}
