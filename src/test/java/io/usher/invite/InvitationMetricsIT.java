package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator's Prometheus reads on /q/metrics after a batch (deployment/observability). */
@QuarkusTest
class InvitationMetricsIT {

    @Test
    void aBatchShowsOnTheMetrics() throws Exception {
        double acceptedBefore = value(metrics(), "usher_batches_accepted_total");
        double chunksBefore = value(metrics(), "usher_chunk_apply_seconds_count");

        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Metrics"), 1, 10);
        String batchId = Batches.postLines(
                admin, accountId, Seeds.email("metrics-one") + "\n" + Seeds.email("metrics-two"), "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        List<SseClient.Event> events = SseClient.read(
                "/api/v1/invitation-batches/" + batchId + "/events", admin, null, 10, Duration.ofSeconds(30));
        assertEquals("completed", events.get(events.size() - 1).name());

        String after = metrics();
        assertEquals(acceptedBefore + 1, value(after, "usher_batches_accepted_total"), 0.0, after);
        assertTrue(value(after, "usher_chunk_apply_seconds_count") > chunksBefore, "a chunk was timed");
        assertTrue(after.contains("usher_chunk_apply_seconds_bucket{"), "a histogram, for percentiles");
        assertEquals(0, value(after, "usher_sse_streams_open"), 0.0, "the finished stream is closed");
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

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double value(String metrics, String name) {
        Matcher m =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
