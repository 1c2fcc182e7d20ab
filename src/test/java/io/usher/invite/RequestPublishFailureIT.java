package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.usher.testing.Accounts;
import io.usher.testing.KafkaResource;
import io.usher.testing.KafkaTopics;
import io.usher.testing.Management;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.SlowUpload;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A request whose records Kafka does not take (here: its topic is missing, so every send waits for
 * metadata that never comes) ends with a 503 problem within the publish timeout — at its first
 * failed send, not once per address and not after reading the rest of the body — applies nothing
 * and leaves its Idempotency-Key free.
 */
@QuarkusTest
@TestProfile(RequestPublishFailureIT.MissingTopic.class)
class RequestPublishFailureIT extends PlatformAdminTest {

    private static final String TOPIC = "invitation-requests-missing";
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    public static class MissingTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usher.invitations.requests-topic",
                    TOPIC,
                    "usher.invitations.publish-timeout",
                    PUBLISH_TIMEOUT.toString(),
                    // Nobody reads the missing topic: no consumer to bring it back or to trip over it.
                    "usher.invitations.workers-enabled",
                    "false");
        }
    }

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrap;

    private static String addresses(String tag, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> Seeds.email(tag + i))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static Response post(String account, String key, String body) {
        return asAdmin(io.restassured.http.ContentType.TEXT)
                .header("Idempotency-Key", key)
                .queryParam("role", "EDITOR")
                .body(body)
                .post("/api/v1/accounts/" + account + "/invitations");
    }

    @Test
    void kafkaRefusingTheRecordsEndsTheRequestWith503WithinTheTimeoutAndFreesTheKey() {
        String account = Accounts.create(Seeds.name("KafkaAway"), 1, 500);
        long started = System.nanoTime();
        Response refused = post(account, "kafka-away", addresses("kafka-away", 20));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(503, refused.statusCode(), refused.asString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertTrue(refused.jsonPath().getString("type").endsWith("/unavailable"), refused.asString());
        // One send's wait, not one per address (20 × 2 s).
        assertTrue(millis < PUBLISH_TIMEOUT.toMillis() * 3, "answered after " + millis + " ms");
        assertNothingApplied(account);

        KafkaTopics.create(bootstrap, Map.of(TOPIC, 1));
        try {
            Response again = post(account, "kafka-away", addresses("kafka-away", 20));
            assertEquals(202, again.statusCode(), again.asString());
            assertEquals(20, again.jsonPath().getInt("total"));
        } finally {
            KafkaTopics.delete(bootstrap, TOPIC);
        }
    }

    @Test
    void aFailedSendStopsTheRequestBeforeTheBodyEnds() throws Exception {
        String account = Accounts.create(Seeds.name("KafkaAwayMidBody"), 1, 500);
        long started = System.nanoTime();
        try (SlowUpload upload = SlowUpload.start(admin, account, "mid-body")) {
            // The body never ends: only the failed send can end this request before the stall timeout.
            upload.send(addresses("mid-body", 10));
            SlowUpload.Answer answer = upload.answer(Duration.ofSeconds(20));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(503, answer.status(), answer.body());
            assertTrue(answer.body().contains("/unavailable"), answer.body());
            assertTrue(millis < PUBLISH_TIMEOUT.toMillis() * 3, "answered after " + millis + " ms");
        }
        assertNothingApplied(account);
        Response free = post(account, "mid-body", addresses("mid-body", 1));
        assertEquals(503, free.statusCode(), "the key is not held by the failed request: " + free.asString());
    }

    /**
     * An API replica (no request consumer) is ready while Kafka refuses its records: its readiness
     * asks PostgreSQL, not Kafka, so a broker restart does not take every API replica out of the
     * Service for pages that need no Kafka; the uploads answer their own 503 problem.
     */
    @Test
    void anApiReplicaStaysReadyWhileKafkaRefusesItsRecords() {
        String account = Accounts.create(Seeds.name("ReadyWithoutKafka"), 1, 500);
        assertEquals(
                503, post(account, "ready-without-kafka", addresses("ready", 2)).statusCode());
        given().get(Management.url("/q/health/ready"))
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", not(hasItem(containsString("Kafka"))));
        given().get(Management.url("/q/health/live")).then().statusCode(200);
    }

    private void assertNothingApplied(String account) {
        UUID id = UUID.fromString(account);
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM invitation_batches WHERE account_id = $1", id));
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM invitation_inbox WHERE account_id = $1", id));
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM memberships WHERE account_id = $1", id));
    }
}
