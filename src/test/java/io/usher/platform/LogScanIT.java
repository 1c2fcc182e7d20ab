package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceLog;
import io.usher.testing.Sql;
import io.usher.testing.TracedAndCutOff;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The service's own log, as a collector reads it (the test profile writes JSON lines to
 * {@code target/usher-test-log.json}), while things go wrong: the SMTP server is down and Keycloak
 * cannot be reached. No line holds an address, a link token or a password; the lines about a batch
 * carry its account and batch ids.
 */
@QuarkusTest
@TestProfile(TracedAndCutOff.class)
class LogScanIT {

    private static final String PASSWORD = "Secret-horse-93";

    @Inject
    Pool pool;

    @Inject
    LinkTokens tokens;

    @Test
    void aBatchWithMailAndKeycloakDownLogsNoAddressTokenOrPassword() throws Exception {
        long start = ServiceLog.end();
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Logs"), 1, 10);
        List<String> addresses = List.of(Seeds.email("log-one"), Seeds.email("Log-Two"), Seeds.email("log-three"));
        String invalid = "log scan@invalid";
        String batchId = Batches.postLines(admin, accountId, String.join("\n", addresses) + "\n" + invalid, "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));

        // The invitee opens their link and accepts: Keycloak cannot be reached, the answer is a 503.
        JsonObject link = new JsonObject(Sql.text(
                pool,
                "SELECT payload->>'link' FROM mail_outbox WHERE account_id = $1::uuid AND recipient = $2",
                accountId,
                addresses.get(0).toLowerCase(Locale.ROOT)));
        String token = tokens.token(link.getString("seed"));
        Invitees.acceptThroughApi(token, PASSWORD).statusCode(503).contentType("application/problem+json");

        List<JsonNode> lines = ServiceLog.await(
                start,
                all -> all.stream()
                        .anyMatch(line -> ServiceLog.message(line).contains("The SMTP server cannot be reached")),
                Duration.ofSeconds(40));
        assertTrue(
                lines.stream()
                        .anyMatch(
                                line -> ServiceLog.message(line).startsWith("Keycloak: failed to set up a credential")),
                "the failed Keycloak call is logged");

        List<String> secrets = new ArrayList<>();
        addresses.forEach(address -> {
            secrets.add(address);
            secrets.add(address.toLowerCase(Locale.ROOT));
            secrets.add(address.substring(0, address.indexOf('@')));
        });
        secrets.add(invalid);
        secrets.add(token);
        secrets.add(PASSWORD);
        for (JsonNode line : lines) {
            String text = line.toString();
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "a log line holds \"" + secret + "\": " + text);
            }
        }

        List<JsonNode> aboutTheBatch = lines.stream()
                .filter(line -> ServiceLog.message(line).contains("batch")
                        || ServiceLog.message(line).contains("Batch"))
                .filter(line -> line.path("mdc").path("batchId").asText().contains(batchId))
                .toList();
        assertTrue(
                aboutTheBatch.stream().anyMatch(line -> ServiceLog.message(line).startsWith("Batch queued")),
                "the intake's line names the batch: " + lines);
        assertTrue(
                aboutTheBatch.stream().anyMatch(line -> ServiceLog.message(line).contains("completed")),
                "the worker's line names the batch: " + lines);
        aboutTheBatch.forEach(line -> assertEquals(
                accountId, line.path("mdc").path("accountId").asText(), "its account is named too: " + line));
    }
}
