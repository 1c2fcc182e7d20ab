package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A preview is one state of the account, even while a batch is applied: never the seats from before
 * a batch and its members from after.
 */
@QuarkusTest
class PreviewSnapshotIT extends PlatformAdminTest {

    /**
     * Two editor seats, and a preview of: a, b, 30,000 other addresses (over the quota, but each
     * looked up), then x, which a one-address batch invites while the preview runs. Before that
     * batch the preview says a and b are INVITED and x is over the quota; after it, a is INVITED, b
     * over the quota and x ALREADY_MEMBER. Any mix of the two would count a, b INVITED and x
     * ALREADY_MEMBER: three seats of two.
     */
    @Test
    void aPreviewNeverMixesTheAccountBeforeAndAfterABatch() {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        for (int r = 0; r < 3; r++) {
            int round = r;
            String accountId = Accounts.create(Seeds.name("Snapshot"), 1, 2);
            String x = "x" + round + "." + run + "@example.com";
            String lines = "a" + round + "." + run + "@example.com\nb" + round + "." + run + "@example.com\n"
                    + IntStream.rangeClosed(1, 30_000)
                            .mapToObj(i -> "filler" + i + "." + round + run + "@example.com")
                            .collect(Collectors.joining("\n"))
                    + "\n" + x;
            CompletableFuture<JsonPath> preview = CompletableFuture.supplyAsync(() -> asAdmin(ContentType.TEXT)
                    .queryParam("role", "EDITOR")
                    .body(lines)
                    .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath());
            sleep(150L * round);
            Batches.awaitCompleted(admin, Batches.postLines(admin, accountId, x, "EDITOR"), Duration.ofSeconds(30));
            JsonPath counts = preview.join();
            int invited = counts.getInt("counts.INVITED");
            int alreadyMember = counts.getInt("counts.ALREADY_MEMBER");
            assertTrue(
                    invited + alreadyMember <= 2,
                    "round " + round + ": " + invited + " INVITED and " + alreadyMember
                            + " ALREADY_MEMBER of two seats");
            Mailbox.setAside(pool, accountId);
        }
    }

    /**
     * 50,000 lines, every odd one invalid, ten editor seats: the answer counts every line exactly
     * but lists only the first 1,000 that would not succeed, in list order, and says it left some out.
     */
    @Test
    void aLargePreviewCountsEveryLineButListsOnlyTheFirstThousandFailures() {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String accountId = Accounts.create(Seeds.name("BigPreview"), 1, 10);
        String lines = IntStream.rangeClosed(1, 50_000)
                .mapToObj(i -> i % 2 == 1 ? "not-an-address-" + i : "big" + i + "." + run + "@example.com")
                .collect(Collectors.joining("\n"));
        JsonPath answer = asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body(lines)
                .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(50_000, answer.getInt("total"));
        assertEquals(25_000, answer.getInt("counts.INVALID_EMAIL"));
        assertEquals(10, answer.getInt("counts.INVITED"));
        assertEquals(24_990, answer.getInt("counts.QUOTA_REACHED"));
        List<Integer> seqs = answer.getList("lines.seq", Integer.class);
        assertEquals(1_000, seqs.size());
        assertTrue(answer.getBoolean("truncated"));
        // The odd lines up to 19, then every line from 21 on (the even ones over the quota).
        List<Integer> expected = IntStream.concat(
                        IntStream.iterate(1, i -> i <= 19, i -> i + 2), IntStream.rangeClosed(21, 1_010))
                .boxed()
                .toList();
        assertEquals(expected, seqs);
        assertEquals("QUOTA_REACHED", answer.getString("lines[11].outcome"));

        JsonPath small = asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body("small." + run + "@example.com\nnot-an-address")
                .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, small.getList("lines").size());
        assertFalse(small.getBoolean("truncated"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
