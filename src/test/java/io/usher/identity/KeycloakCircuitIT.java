package io.usher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.FreePorts;
import io.usher.testing.Invitees;
import io.usher.testing.Mailbox;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Keycloak away: once most recent calls failed, the circuit opens and people get the 503 at once
 * instead of each waiting out the time-outs; after the breaker's delay a call reaches Keycloak again.
 */
@QuarkusTest
@TestProfile(KeycloakCircuitIT.KeycloakAway.class)
class KeycloakCircuitIT extends PlatformAdminTest {

    /** Nothing listens where Keycloak's admin API should be; no retries, so each accept is one call. */
    public static class KeycloakAway implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.keycloak.admin-client.server-url",
                    "http://127.0.0.1:" + FreePorts.next(),
                    "usher.identity.retries",
                    "0");
        }
    }

    @Test
    void theCircuitOpensAfterFailuresAndClosesAgainLater() throws InterruptedException {
        String accountId = Accounts.create(Seeds.name("Circuit"), 1, 20);
        List<String> addresses = IntStream.range(0, 12)
                .mapToObj(i -> Seeds.email("circuit-" + i).toLowerCase(Locale.ROOT))
                .toList();
        Batches.awaitCompleted(
                admin,
                Batches.postLines(admin, accountId, String.join("\n", addresses), "EDITOR"),
                Duration.ofSeconds(30));

        String before = Metrics.scrape();
        for (int i = 0; i < 10; i++) {
            accept(addresses.get(i));
        }
        String failed = Metrics.scrape();
        assertEquals(creates(before, "error") + 10, creates(failed, "error"), 0.0, "ten calls were tried and failed");

        long start = System.nanoTime();
        accept(addresses.get(10));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "the open circuit answers at once");
        String open = Metrics.scrape();
        assertEquals(
                creates(failed, "refused_open") + 1,
                creates(open, "refused_open"),
                0.0,
                "the eleventh call never reached Keycloak");
        assertEquals(creates(failed, "error"), creates(open, "error"), 0.0);

        Thread.sleep(5_500);
        accept(addresses.get(11));
        assertEquals(
                creates(open, "error") + 1,
                creates(Metrics.scrape(), "error"),
                0.0,
                "after the breaker's delay, a call is tried again");
    }

    /** The invitee accepts through their mail's link; Keycloak is away either way, so the answer is the 503 problem. */
    private void accept(String address) {
        Invitees.acceptThroughApi(Mailbox.tokenOf(Invitees.latestLink(smtp, address, 1)), "Secret-horse-93")
                .statusCode(503)
                .contentType("application/problem+json");
    }

    /** Calls that set up a credential, by result, as counted in {@code metrics}. */
    private static double creates(String metrics, String result) {
        return Metrics.value(
                metrics,
                "usher_keycloak_calls_seconds_count",
                "operation=\"create_credential\",result=\"" + result + "\"");
    }
}
