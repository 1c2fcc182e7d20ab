package io.usher.invite;

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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
