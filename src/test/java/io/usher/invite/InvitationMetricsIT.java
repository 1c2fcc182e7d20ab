package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.Metrics;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.usher.testing.SseClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator's Prometheus reads on /q/metrics after a batch, its mails and an invitee's
 * acceptance (deployment/observability).
 */
@QuarkusTest
class InvitationMetricsIT {

    @InjectSmtpServer
    GreenMail smtp;

    @Test
    void aBatchShowsOnTheMetrics() throws Exception {
        String before = Metrics.scrape();
        double acceptedBefore = Metrics.value(before, "usher_batches_accepted_total");
        double completedBefore = Metrics.value(before, "usher_batches_completed_total");
        double chunksBefore = Metrics.value(before, "usher_chunk_apply_seconds_count");
        double invitedBefore = Metrics.value(before, "usher_addresses_decided_total", "outcome=\"INVITED\"");
        double invalidBefore = Metrics.value(before, "usher_addresses_decided_total", "outcome=\"INVALID_EMAIL\"");
        double sentBefore = Metrics.value(before, "usher_mails_sent_total");
        double keycloakBefore = Metrics.value(
                before, "usher_keycloak_calls_seconds_count", "operation=\"create_credential\",result=\"ok\"");

        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Metrics"), 1, 10);
        String one = Seeds.email("metrics-one");
        String two = Seeds.email("metrics-two");
        String batchId = Batches.postLines(admin, accountId, one + "\n" + two + "\nnot-an-address", "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        // The invitee accepts: Usher sets their credential up in Keycloak.
        String token = Mailbox.tokenOf(Invitees.latestLink(smtp, one, 1));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "firstName", "Ada",
                        "lastName", "Lovelace",
                        "password", "Correct-horse-9",
                        "language", "en",
                        "acceptTerms", true))
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(200);
        Mailbox.await(smtp, two, 1, Duration.ofSeconds(30));
        List<SseClient.Event> events = SseClient.read(
                "/api/v1/invitation-batches/" + batchId + "/events", admin, null, 10, Duration.ofSeconds(30));
        assertEquals("completed", events.get(events.size() - 1).name());

        // A mail is counted once its result is written, just after the server took it.
        String after = Metrics.scrape();
        for (int i = 0; i < 100 && Metrics.value(after, "usher_mails_sent_total") < sentBefore + 2; i++) {
            Thread.sleep(100);
            after = Metrics.scrape();
        }
        assertEquals(acceptedBefore + 1, Metrics.value(after, "usher_batches_accepted_total"), 0.0, after);
        assertEquals(completedBefore + 1, Metrics.value(after, "usher_batches_completed_total"), 0.0, after);
        assertEquals(
                invitedBefore + 2,
                Metrics.value(after, "usher_addresses_decided_total", "outcome=\"INVITED\""),
                0.0,
                "one count per address, by outcome");
        assertEquals(
                invalidBefore + 1, Metrics.value(after, "usher_addresses_decided_total", "outcome=\"INVALID_EMAIL\""));
        assertTrue(Metrics.value(after, "usher_mails_sent_total") >= sentBefore + 2, "both mails counted as sent");
        assertTrue(after.contains("usher_mails_retried_total"), "retries are counted");
        assertTrue(after.contains("usher_mails_failed_total"), "mails given up are counted");
        assertEquals(
                keycloakBefore + 1,
                Metrics.value(
                        after, "usher_keycloak_calls_seconds_count", "operation=\"create_credential\",result=\"ok\""),
                0.0,
                "the credential set up in Keycloak is timed");
        assertTrue(after.contains("usher_keycloak_calls_seconds_bucket{"), "Keycloak latency as a histogram");
        assertTrue(Metrics.value(after, "usher_chunk_apply_seconds_count") > chunksBefore, "a chunk was timed");
        assertTrue(after.contains("usher_chunk_apply_seconds_bucket{"), "a histogram, for percentiles");
        assertEquals(0, Metrics.value(after, "usher_sse_streams_open"), 0.0, "the finished stream is closed");
        for (String gauge : new String[] {
            "usher_addresses_waiting",
            "usher_outbox_pending",
            "usher_outbox_oldest_pending_age_seconds",
            "usher_mail_relay_paused"
        }) {
            assertTrue(
                    Pattern.compile("(?m)^" + gauge + "(\\{[^}]*})? ")
                            .matcher(after)
                            .find(),
                    gauge);
        }
    }

    @Inject
    InvitationMetrics metrics;

    @Inject
    Pool pool;

    private double waitingAfterRefresh() {
        metrics.refresh().await().atMost(Duration.ofSeconds(10));
        return Metrics.value(Metrics.scrape(), "usher_addresses_waiting");
    }

    @Test
    void theBacklogIsSummedByOneReplicaPerPeriodAndReportedByEvery() throws Exception {
        // Another replica summed it a moment ago: this one reports that figure and sums nothing.
        Sql.update(pool, "UPDATE usher_gauges SET value = 424242, at = now() WHERE name = 'addresses_waiting'");
        assertEquals(424242, waitingAfterRefresh(), 0.0);

        // The figure is old, but another replica is summing it right now: this one does not wait.
        Sql.update(pool, "UPDATE usher_gauges SET value = 515151, at = '-infinity' WHERE name = 'addresses_waiting'");
        SqlConnection other = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        Transaction summing = other.begin().await().atMost(Duration.ofSeconds(10));
        try {
            other.query("SELECT value FROM usher_gauges WHERE name = 'addresses_waiting' FOR UPDATE")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10));
            long started = System.nanoTime();
            assertEquals(515151, waitingAfterRefresh(), 0.0);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_000, "it waited for the lock");
        } finally {
            summing.rollback().await().atMost(Duration.ofSeconds(10));
            other.close().await().atMost(Duration.ofSeconds(10));
        }

        // Nobody summed it for a period: this replica does, and stores the figure for the others.
        double summed = waitingAfterRefresh();
        assertTrue(summed != 515151, "the old figure was summed again");
        assertEquals((long) summed, Sql.count(pool, "SELECT value FROM usher_gauges WHERE name = 'addresses_waiting'"));
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM usher_gauges WHERE name = 'addresses_waiting'"
                                + " AND at > now() - interval '10 seconds'"));
    }
}
