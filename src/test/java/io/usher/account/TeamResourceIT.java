package io.usher.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.usher.testing.Accounts;
import io.usher.testing.Keycloak;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TeamResourceIT extends PlatformAdminTest {

    private static final String PASSWORD = "Secret-123456";

    private String siteAdminOf(String accountId) {
        String email = Seeds.email("teams-admin");
        Seeds.member(pool, UUID.fromString(accountId), email, "SITE_ADMIN", "ACTIVE");
        Keycloak.createUser(email, PASSWORD);
        return Keycloak.token(email, PASSWORD);
    }

    @Test
    void aSiteAdminCreatesListsAndDeletesTeams() {
        String accountId = Accounts.create(Seeds.name("Teams"), 1, 1);
        String siteAdmin = siteAdminOf(accountId);
        String base = "/api/v1/accounts/" + accountId + "/teams";
        String location = given().auth()
                .oauth2(siteAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", " Sales "))
                .post(base)
                .then()
                .statusCode(201)
                .body("name", equalTo("Sales"))
                .extract()
                .header("Location");
        org.hamcrest.MatcherAssert.assertThat(location, containsString(base + "/"));
        given().auth()
                .oauth2(siteAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Marketing"))
                .post(base)
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(siteAdmin)
                .get(base)
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.name", contains("Marketing", "Sales"));
        given().auth().oauth2(siteAdmin).get(location).then().statusCode(200).body("name", equalTo("Sales"));
        given().auth().oauth2(siteAdmin).delete(location).then().statusCode(204);
        given().auth()
                .oauth2(siteAdmin)
                .delete(location)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(siteAdmin).get(base).then().body("items.name", not(hasItem("Sales")));
        given().auth().oauth2(admin).get(base).then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void teamNamesAreUniqueInAnAccountIgnoringCase() {
        String accountId = Accounts.create(Seeds.name("Unique"), 1, 1);
        String base = "/api/v1/accounts/" + accountId + "/teams";
        postAsPlatformAdmin(base, Map.of("name", "Ops")).statusCode(201);
        postAsPlatformAdmin(base, Map.of("name", "OPS")).statusCode(409).contentType("application/problem+json");
        String other = Accounts.create(Seeds.name("Elsewhere"), 1, 1);
        postAsPlatformAdmin("/api/v1/accounts/" + other + "/teams", Map.of("name", "Ops"))
                .statusCode(201);
    }

    @Test
    void invalidTeamsAreProblems() {
        String accountId = Accounts.create(Seeds.name("Invalid"), 1, 1);
        String base = "/api/v1/accounts/" + accountId + "/teams";
        postAsPlatformAdmin(base, Map.of("name", ""))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        postAsPlatformAdmin(base, Map.of("name", "x".repeat(101)))
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        postAsPlatformAdmin(base, "{}").statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth()
                .oauth2(admin)
                .delete(base + "/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        postAsPlatformAdmin("/api/v1/accounts/" + UUID.randomUUID() + "/teams", Map.of("name", "x"))
                .statusCode(404);
    }

    @Test
    void anotherAccountsTeamsAreNotFound() {
        String mine = Accounts.create(Seeds.name("Mine"), 1, 1);
        String theirs = Accounts.create(Seeds.name("Theirs"), 1, 1);
        String siteAdmin = siteAdminOf(mine);
        String theirTeam = postAsPlatformAdmin("/api/v1/accounts/" + theirs + "/teams", Map.of("name", "Secret"))
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(siteAdmin)
                .get("/api/v1/accounts/" + theirs + "/teams")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(siteAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Sneaky"))
                .post("/api/v1/accounts/" + theirs + "/teams")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(siteAdmin)
                .delete("/api/v1/accounts/" + theirs + "/teams/" + theirTeam)
                .then()
                .statusCode(404);
        // Their team through my account: not found either, and not deleted.
        given().auth()
                .oauth2(siteAdmin)
                .get("/api/v1/accounts/" + mine + "/teams/" + theirTeam)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(siteAdmin)
                .delete("/api/v1/accounts/" + mine + "/teams/" + theirTeam)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/accounts/" + theirs + "/teams/" + theirTeam)
                .then()
                .statusCode(200);
        given().get("/api/v1/accounts/" + mine + "/teams").then().statusCode(401);
    }

    private static ValidatableResponse postAsPlatformAdmin(String path, Object body) {
        return asAdmin().body(body).post(path).then();
    }
}
