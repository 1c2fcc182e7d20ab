package io.usher.member;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The platform administrator's view of every profile, and deactivation. */
@QuarkusTest
class ProfileAdminIT {

    private static String platform;

    @Inject
    Pool pool;

    @BeforeAll
    static void tokens() {
        platform = Keycloak.platformAdminToken();
    }

    @Test
    void profilesAreListedSearchedAndShownWithEveryAccount() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.fromString(Accounts.create(Seeds.name("Alpha"), 2, 5));
        UUID second = UUID.fromString(Accounts.create(Seeds.name("Beta"), 2, 5));
        String email = "katherine-" + marker + "@profiles.example";
        UUID katherine = Seeds.member(
                pool, first, email, "Katherine", "Johnson-" + marker, "EDITOR", "ACTIVE", OffsetDateTime.now());
        Seeds.member(
                pool,
                first,
                "dorothy-" + marker + "@profiles.example",
                "Dorothy",
                "Vaughan-" + marker,
                "EDITOR",
                "PENDING",
                OffsetDateTime.now());
        Sql.update(
                pool,
                "INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at)"
                        + " VALUES ($1, $2, $3, 'SITE_ADMIN', 'SUSPENDED', now())",
                UUID.randomUUID(),
                second,
                katherine);

        JsonPath found = given().auth()
                .oauth2(platform)
                .queryParam("q", marker)
                .get("/api/v1/admin/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, found.getInt("total"));
        assertEquals(List.of("dorothy-" + marker + "@profiles.example", email), found.getList("items.email"));
        org.junit.jupiter.api.Assertions.assertNull(found.get("items[0].accounts"));
        given().auth()
                .oauth2(platform)
                .queryParams(Map.of("q", "johnson-" + marker, "status", "ACTIVE"))
                .get("/api/v1/admin/users")
                .then()
                .body("items.firstName", equalTo(List.of("Katherine")));
        given().auth()
                .oauth2(platform)
                .queryParams(Map.of("q", marker, "status", "IN_PROGRESS"))
                .get("/api/v1/admin/users")
                .then()
                .body("items.firstName", equalTo(List.of("Dorothy")));
        given().auth()
                .oauth2(platform)
                .queryParams(Map.of("q", marker, "size", 1, "page", 1))
                .get("/api/v1/admin/users")
                .then()
                .body("items.firstName", equalTo(List.of("Katherine")))
                .body("total", equalTo(2));

        given().auth()
                .oauth2(platform)
                .get("/api/v1/admin/users/" + katherine)
                .then()
                .statusCode(200)
                .body("email", equalTo(email))
                .body("accounts.accountId", containsInAnyOrder(first.toString(), second.toString()))
                .body("accounts.find { it.accountId == '" + second + "' }.role", equalTo("SITE_ADMIN"))
                .body("accounts.find { it.accountId == '" + second + "' }.status", equalTo("SUSPENDED"));

        given().auth()
                .oauth2(platform)
                .get("/api/v1/admin/users/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().auth().oauth2(platform).get("/api/v1/admin/users/42").then().statusCode(400);
        given().auth()
                .oauth2(platform)
                .queryParam("status", "ASLEEP")
                .get("/api/v1/admin/users")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(platform)
                .queryParam("size", 100_000)
                .get("/api/v1/admin/users")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Keycloak.plainUserToken())
                .get("/api/v1/admin/users")
                .then()
                .statusCode(403);
    }

    @Test
    void aDeactivatedPersonCanNoLongerSignInNorUseAnyAccount() {
        UUID first = UUID.fromString(Accounts.create(Seeds.name("Gamma"), 2, 5));
        UUID second = UUID.fromString(Accounts.create(Seeds.name("Delta"), 2, 5));
        String email = Seeds.email("deactivated");
        String token = Seeds.siteAdmin(pool, first, email);
        Seeds.member(pool, second, email, "SITE_ADMIN", "ACTIVE");
        given().auth().oauth2(token).get("/api/v1/accounts/" + second).then().statusCode(200);
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);

        given().auth()
                .oauth2(token)
                .post("/api/v1/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(403);
        for (int time = 1; time <= 2; time++) { // the second time changes nothing and answers the same
            given().auth()
                    .oauth2(platform)
                    .post("/api/v1/admin/users/" + userId + "/deactivate")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("DEACTIVATED"));
        }

        assertNotEquals(200, Keycloak.signInStatus(email, Seeds.PASSWORD));
        // A token issued before is refused everywhere from its next request.
        given().auth().oauth2(token).get("/api/v1/accounts/" + first).then().statusCode(403);
        given().auth()
                .oauth2(token)
                .get("/api/v1/accounts/" + second + "/users")
                .then()
                .statusCode(403);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(403);
        for (UUID account : new UUID[] {first, second}) {
            assertEquals(
                    1,
                    Sql.count(
                            pool,
                            "SELECT count(*) FROM audit_events WHERE account_id = $1 AND action = 'profile.deactivated'"
                                    + " AND subject = $2",
                            account,
                            email));
        }
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + UUID.randomUUID() + "/deactivate")
                .then()
                .statusCode(404);
    }
}
