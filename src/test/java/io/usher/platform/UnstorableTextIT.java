package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A NUL character (U+0000) fits in JSON, a query string and a text body, but in no PostgreSQL
 * text column: wherever it is sent, the answer is a 400 problem and nothing is stored, never a 500.
 */
@QuarkusTest
class UnstorableTextIT {

    private static final String NUL = "\u0000";

    @Inject
    Pool pool;

    @Test
    void namesAndSearchesWithANulAreRefusedAndStoreNothing() {
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Nul"), 1, 5);
        String accountName = "Nul" + NUL + UUID.randomUUID();

        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name", accountName, "defaultLanguage", "en", "quotas", Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("NUL"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Ops" + NUL + "Team"))
                .post("/api/v1/accounts/" + accountId + "/teams")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);
        assertEquals(
                0, Sql.count(pool, "SELECT count(*) FROM teams WHERE account_id = $1", UUID.fromString(accountId)));

        for (String path : new String[] {"/api/v1/accounts/" + accountId + "/users", "/api/v1/admin/users"}) {
            given().auth()
                    .oauth2(admin)
                    .urlEncodingEnabled(false)
                    .get(path + "?q=a%00b")
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void anAddressWithANulIsAnInvalidLineAndTheBatchCompletes() {
        String accountId = Accounts.create(Seeds.name("Nul batch"), 1, 5);
        String admin = Seeds.siteAdmin(pool, UUID.fromString(accountId), Seeds.email("nul-admin"));
        String batchId = Batches.postLines(
                admin, accountId, Seeds.email("fine") + "\nbad" + NUL + "line@test.example", "EDITOR");
        var done = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(1, done.getInt("counts.INVITED"));
        assertEquals(1, done.getInt("counts.INVALID_EMAIL"));
    }
}
