package io.usher.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;

/** Waiting on a batch through the API, as a polling client would. */
public final class Batches {

    private Batches() {}

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
}
