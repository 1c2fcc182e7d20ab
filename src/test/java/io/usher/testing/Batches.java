package io.usher.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;

/** Starting batches and waiting on them through the API, as a client would. */
public final class Batches {

    private Batches() {}

    /** Posts one address per line with a role; the 202 with its Location; the batch id. */
    public static String postLines(String token, String accountId, String body, String role) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.TEXT)
                .queryParam("role", role)
                .body(body)
                .post("/api/v1/accounts/" + accountId + "/invitations")
                .then()
                .statusCode(202)
                .header("Location", startsWith("http"))
                .extract()
                .path("id");
    }

    public static JsonPath awaitCompleted(String token, String batchId, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonPath batch = given().auth()
                    .oauth2(token)
                    .get("/api/v1/invitation-batches/" + batchId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if ("COMPLETED".equals(batch.getString("status"))) {
                return batch;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "batch " + batchId + " not completed within " + within + ": " + batch.prettify());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The batch's whole report as CSV (API.md: the outcomes with Accept: text/csv). */
    public static String csvReport(String token, String batchId) {
        return given().auth()
                .oauth2(token)
                .accept("text/csv")
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract()
                .asString();
    }
}
