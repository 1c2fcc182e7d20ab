package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.usher.testing.Management;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica given the wrong Kafka password (the test broker's service listener wants SCRAM-SHA-512)
 * is never ready, and its readiness says why; the right one is the rest of the suite.
 */
@QuarkusTest
@TestProfile(KafkaCredentialsIT.WrongPassword.class)
class KafkaCredentialsIT {

    public static class WrongPassword implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "%test.kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"usher\" password=\"not-the-password\";");
        }
    }

    @Test
    void wrongCredentialsKeepTheReplicaNotReadyAndSayWhy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response ready = given().get(Management.url("/q/health/ready"));
        while (!ready.asString().contains("Authentication failed") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ready = given().get(Management.url("/q/health/ready"));
        }
        assertEquals(503, ready.statusCode(), ready.asString());
        assertTrue(ready.asString().contains("Authentication failed"), ready.asString());
        assertTrue(ready.asString().contains("SCRAM-SHA-512"), ready.asString());
    }
}
