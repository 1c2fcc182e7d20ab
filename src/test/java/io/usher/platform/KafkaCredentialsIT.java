package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service on a secured broker with a wrong password: it is not ready, and its readiness says
 * why. (Every other test runs with the right SCRAM-SHA-512 login on that listener.)
 */
@QuarkusTest
@TestProfile(KafkaCredentialsIT.WrongPassword.class)
class KafkaCredentialsIT {

    public static class WrongPassword implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "%test.kafka.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"usher\""
                            + " password=\"not-the-password\";");
        }
    }

    @Test
    void wrongCredentialsLeaveTheServiceNotReadyAndSayWhy() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String readiness = "";
        while (System.nanoTime() < deadline) {
            var answer = given().get("/q/health/ready");
            readiness = answer.asString();
            if (answer.statusCode() == 503 && readiness.contains("Authentication failed")) {
                return;
            }
            Thread.sleep(500);
        }
        fail("readiness never said the login failed: " + readiness);
    }
}
