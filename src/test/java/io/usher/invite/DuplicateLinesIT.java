package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A line that repeats an earlier line of the same list is its own outcome, DUPLICATE, naming the
 * line it repeats — in the preview, where nobody exists yet, and in the batch, however far apart
 * the two lines are — and the counts and seats stay exact.
 */
@QuarkusTest
class DuplicateLinesIT extends PlatformAdminTest {

    @Test
    void thePreviewSaysWhichLineARepeatedAddressRepeats() {
        String run = run();
        String a = "a." + run + "@example.com";
        String b = "b." + run + "@example.com";
        String accountId = Accounts.create(Seeds.name("Repeats"), 1, 1);
        JsonPath preview = asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body(String.join("\n", a, b, a, " " + a.toUpperCase(), "not an address", b))
                .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(6, preview.getInt("total"));
        assertEquals(1, preview.getInt("counts.INVITED"));
        assertEquals(1, preview.getInt("counts.QUOTA_REACHED"), "b alone is over the quota, once");
        assertEquals(3, preview.getInt("counts.DUPLICATE"));
        assertEquals(0, preview.getInt("counts.ALREADY_MEMBER"), "nobody exists yet");
        assertEquals(1, preview.getInt("counts.INVALID_EMAIL"));
        assertEquals(List.of(2, 3, 4, 5, 6), preview.getList("lines.seq", Integer.class));
        assertEquals(
                List.of("QUOTA_REACHED", "DUPLICATE", "DUPLICATE", "INVALID_EMAIL", "DUPLICATE"),
                preview.getList("lines.outcome", String.class));
        assertEquals(1, preview.getInt("lines[1].duplicateOf"));
        assertEquals(1, preview.getInt("lines[2].duplicateOf"));
        assertEquals(2, preview.getInt("lines[4].duplicateOf"));
        assertEquals(a + " is a duplicate of line 1", preview.getString("lines[1].message"));
        assertEquals(
                b + " est un doublon de la ligne 2",
                asAdmin(ContentType.TEXT)
                        .header("Accept-Language", "fr")
                        .queryParam("role", "EDITOR")
                        .body(String.join("\n", a, b, b))
                        .post("/api/v1/accounts/" + accountId + "/invitations/preview")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("lines[1].message"));
    }

    /**
     * One editor seat; line 1 is invited, lines 2 to 2,500 are over the quota; lines 2,501 and
     * 2,502 repeat lines 1 and 2, in another chunk (2,000 lines a chunk): each is a duplicate of
     * its first line, whether that line took a seat or not.
     */
    @Test
    void aBatchReportsRepeatsAsDuplicatesAcrossChunksWithExactCountsAndSeats() {
        String run = run();
        List<String> lines = new ArrayList<>(IntStream.rangeClosed(1, 2_500)
                .mapToObj(i -> "line" + i + "." + run + "@example.com")
                .toList());
        lines.add(lines.get(0).toUpperCase());
        lines.add(lines.get(1));
        lines.add(lines.get(2_499));
        String accountId = Accounts.create(Seeds.name("Repeats"), 1, 1);
        String batchId = Batches.postLines(admin, accountId, String.join("\n", lines), "EDITOR");
        JsonPath batch = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(60));
        assertEquals(2_503, batch.getInt("total"));
        assertEquals(2_503, batch.getInt("processed"));
        assertEquals(1, batch.getInt("counts.INVITED"));
        assertEquals(2_499, batch.getInt("counts.QUOTA_REACHED"));
        assertEquals(3, batch.getInt("counts.DUPLICATE"));
        assertEquals(0, batch.getInt("counts.ALREADY_MEMBER"));

        JsonPath tail = asAdmin()
                .queryParam("after", 2_500)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("DUPLICATE", "DUPLICATE", "DUPLICATE"), tail.getList("items.outcome", String.class));
        assertEquals(List.of(1, 2, 2_500), tail.getList("items.duplicateOf", Integer.class));
        assertEquals(List.of("info", "info", "info"), tail.getList("items.severity", String.class));

        String csv = Batches.csvReport(admin, batchId);
        assertTrue(
                csv.contains("2501,line1." + run + "@example.com,DUPLICATE,info,line1." + run
                        + "@example.com is a duplicate of line 1"),
                csv.lines().skip(2_500).collect(Collectors.joining("\n")));
        assertEquals(
                "1",
                Sql.text(pool, "SELECT seats_editor::text FROM accounts WHERE id = $1", UUID.fromString(accountId)));
        Mailbox.setAside(pool, accountId);
    }

    private static String run() {
        return Seeds.name("").replaceAll("\\W", "").toLowerCase();
    }
}
