package io.usher.member;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Administrators' edits and a running batch, racing for the same seats: the quota holds exactly. */
@QuarkusTest
class QuotaConcurrencyIT {

    private static final int QUOTA = 60;

    @Inject
    Pool pool;

    @Test
    void concurrentReactivationsAndABatchNeverExceedTheQuota() throws Exception {
        String platform = Keycloak.platformAdminToken();
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Race"), 2, QUOTA));
        List<UUID> suspended = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            suspended.add(Seeds.member(
                    pool,
                    account,
                    Seeds.email("waiting-" + i),
                    "Wait",
                    "Ing" + i,
                    "EDITOR",
                    "SUSPENDED",
                    OffsetDateTime.now()));
        }
        String addresses =
                IntStream.range(0, 40).mapToObj(i -> Seeds.email("racer-" + i)).collect(Collectors.joining("\n"));

        ExecutorService admins = Executors.newFixedThreadPool(8);
        List<Future<Integer>> edits = new ArrayList<>();
        String batchId;
        try {
            batchId = Batches.postLines(platform, account.toString(), addresses, "EDITOR");
            for (UUID member : suspended) {
                edits.add(admins.submit(() -> given().auth()
                        .oauth2(platform)
                        .contentType(ContentType.JSON)
                        .body(Map.of("status", "ACTIVE"))
                        .patch("/api/v1/accounts/" + account + "/users/" + member)
                        .then()
                        .extract()
                        .statusCode()));
            }
            JsonPath batch = Batches.awaitCompleted(platform, batchId, Duration.ofSeconds(60));
            int admitted = batch.getInt("counts.INVITED");
            int reactivated = 0;
            for (Future<Integer> edit : edits) {
                int status = edit.get();
                assertTrue(status == 200 || status == 409, "status " + status);
                reactivated += status == 200 ? 1 : 0;
            }
            long seated = Sql.count(
                    pool,
                    "SELECT count(*) FROM memberships WHERE account_id = $1 AND role = 'EDITOR'"
                            + " AND status IN ('ACTIVE', 'PENDING')",
                    account);
            // 90 asked for 60 seats: every seat is taken, none twice, and the counter agrees.
            assertEquals(QUOTA, seated);
            assertEquals(QUOTA, admitted + reactivated, "admitted " + admitted + ", reactivated " + reactivated);
            assertEquals(40 - admitted, batch.getInt("counts.QUOTA_REACHED"));
            assertEquals(seated, Sql.count(pool, "SELECT seats_editor FROM accounts WHERE id = $1", account));
        } finally {
            admins.shutdownNow();
        }
    }
}
