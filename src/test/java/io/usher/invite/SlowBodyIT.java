package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.SlowUpload;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A body that stalls or crawls ends with a 408 problem (BodyDeadlines), applies nothing, and leaves
 * its Idempotency-Key free for the request sent again.
 */
@QuarkusTest
@TestProfile(SlowBodyIT.ShortDeadlines.class)
class SlowBodyIT extends PlatformAdminTest {

    private static final Duration STALL = Duration.ofSeconds(2);

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "usher.invitations.body-stall-timeout",
                    STALL.toString(),
                    "usher.invitations.body-min-rate",
                    "1024");
        }
    }

    private static String addresses(String tag, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> Seeds.email(tag + i))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void aBodyThatStallsEndsWith408AndAppliesNothing() throws Exception {
        String account = Accounts.create(Seeds.name("Stalled"), 1, 500);
        long started = System.nanoTime();
        try (SlowUpload upload = SlowUpload.start(admin, account, "stalled")) {
            upload.send(addresses("stalled", 100));
            SlowUpload.Answer answer = upload.answer(Duration.ofSeconds(30));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertEquals(408, answer.status(), answer.body());
            JsonPath problem = JsonPath.from(answer.body());
            assertTrue(problem.getString("type").endsWith("/request-timeout"), answer.body());
            assertTrue(problem.getString("detail").contains("sent nothing"), answer.body());
            assertTrue(seconds < 15, "answered after " + seconds + " s");
        }
        assertNothingApplied(account);
        assertTheKeyWorksAgain(account, "stalled");
    }

    @Test
    void aBodyThatCrawlsEndsWith408AndAppliesNothing() throws Exception {
        String account = Accounts.create(Seeds.name("Crawling"), 1, 500);
        try (SlowUpload upload = SlowUpload.start(admin, account, "crawling")) {
            // About 100 bytes a second, a tenth of the least allowed, never a pause as long as the stall.
            for (int i = 0; i < 100 && !upload.answered(); i++) {
                upload.send(Seeds.email("crawling" + i) + "\n");
                Thread.sleep(300);
            }
            SlowUpload.Answer answer = upload.answer(Duration.ofSeconds(30));
            assertEquals(408, answer.status(), answer.body());
            assertTrue(JsonPath.from(answer.body()).getString("detail").contains("bytes a second"), answer.body());
        }
        assertNothingApplied(account);
        assertTheKeyWorksAgain(account, "crawling");
    }

    @Test
    void aSteadyBodyLongerThanTheStallTimeoutIsAccepted() throws Exception {
        String account = Accounts.create(Seeds.name("Steady"), 1, 5_000);
        try (SlowUpload upload = SlowUpload.start(admin, account, null)) {
            // Well over the least rate, for twice the stall timeout.
            String lines = addresses("steady", 4_000);
            int step = lines.length() / 20;
            for (int from = 0; from < lines.length(); from += step) {
                upload.send(lines.substring(from, Math.min(lines.length(), from + step)));
                Thread.sleep(200);
            }
            upload.finish();
            SlowUpload.Answer answer = upload.answer(Duration.ofSeconds(30));
            assertEquals(202, answer.status(), answer.body());
            Batches.awaitCompleted(admin, JsonPath.from(answer.body()).getString("id"), Duration.ofSeconds(60));
        }
    }

    private void assertNothingApplied(String account) {
        UUID id = UUID.fromString(account);
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM invitation_batches WHERE account_id = $1", id));
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM invitation_inbox WHERE account_id = $1", id));
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM memberships WHERE account_id = $1", id));
    }

    private void assertTheKeyWorksAgain(String account, String key) {
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(admin)
                .contentType(io.restassured.http.ContentType.TEXT)
                .header("Idempotency-Key", key)
                .queryParam("role", "EDITOR")
                .body(Seeds.email(key + "-again"))
                .post("/api/v1/accounts/" + account + "/invitations")
                .then()
                .statusCode(202);
    }
}
