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

    @Test
    void aTeamIsRenamedUnderTheSameRulesAndEveryTeamChangeIsAudited() {
        String accountId = Accounts.create(Seeds.name("Rename"), 1, 1);
        String base = "/api/v1/accounts/" + accountId + "/teams";
        String ops = postAsPlatformAdmin(base, Map.of("name", "Ops"))
                .statusCode(201)
                .extract()
                .path("id");
        postAsPlatformAdmin(base, Map.of("name", "Sales")).statusCode(201);
        patch(base + "/" + ops, Map.of("name", " Operations ")).statusCode(200).body("name", equalTo("Operations"));
        patch(base + "/" + ops, Map.of("name", "OPERATIONS")).statusCode(200).body("name", equalTo("OPERATIONS"));
        patch(base + "/" + ops, Map.of("name", "sales"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("team-name-taken"));
        patch(base + "/" + ops, Map.of("name", "")).statusCode(400).body("errors[0].field", equalTo("name"));
        patch(base + "/" + ops, Map.of("name", "x".repeat(101))).statusCode(400);
        patch(base + "/" + ops, "{}").statusCode(400);
        patch(base + "/" + UUID.randomUUID(), Map.of("name", "Ghost")).statusCode(404);
        patch(base + "/not-an-id", Map.of("name", "Ghost"))
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(404)));
        asAdmin().get(base + "/" + ops).then().statusCode(200).body("name", equalTo("OPERATIONS"));
        asAdmin().delete(base + "/" + ops).then().statusCode(204);

        asAdmin()
                .get("/api/v1/accounts/" + accountId + "/audit?action=team.renamed")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items[0].details.before.name", equalTo("Operations"))
                .body("items[0].details.after.name", equalTo("OPERATIONS"));
        asAdmin()
                .get("/api/v1/accounts/" + accountId + "/audit?action=team.created")
                .then()
                .body("total", equalTo(2));
        asAdmin()
                .get("/api/v1/accounts/" + accountId + "/audit?action=team.deleted")
                .then()
                .body("total", equalTo(1))
                .body("items[0].subject", equalTo("OPERATIONS"))
                .body("items[0].details.members", equalTo(0));
    }

    @Test
    void theAuditLogIsFilteredByActorActionAndPeriodAndRefusesFiltersItCannotRead() {
        String accountId = Accounts.create(Seeds.name("Audit filters"), 1, 1);
        String base = "/api/v1/accounts/" + accountId + "/teams";
        postAsPlatformAdmin(base, Map.of("name", "One")).statusCode(201);
        postAsPlatformAdmin(base, Map.of("name", "Two")).statusCode(201);
        String audit = "/api/v1/accounts/" + accountId + "/audit";
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String yesterday =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        asAdmin()
                .get(audit + "?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .body("total", equalTo(2));
        asAdmin().get(audit + "?to=" + yesterday).then().statusCode(200).body("total", equalTo(0));
        asAdmin().get(audit + "?actor=nobody-at-all").then().statusCode(200).body("total", equalTo(0));
        asAdmin().queryParam("actor", "%").get(audit).then().statusCode(200).body("total", equalTo(0));
        asAdmin().get(audit + "?size=1&page=1").then().statusCode(200).body("items.size()", equalTo(1));
        asAdmin()
                .get(audit + "?from=2026-13-45")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"));
        asAdmin().get(audit + "?to=yesterday").then().statusCode(400).body("errors[0].field", equalTo("to"));
        asAdmin()
                .get(audit + "?from=" + today + "&to=" + yesterday)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
        asAdmin()
                .queryParam("action", "DROP TABLE")
                .get(audit)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("action"));
        asAdmin().get(audit + "?actor=" + "a".repeat(300)).then().statusCode(400);
        asAdmin().get(audit + "?from=99999-01-01").then().statusCode(400);
        given().auth()
                .oauth2(admin)
                .header("Accept-Language", "fr")
                .get(audit + "?from=hier")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("doit être une date"));
    }

    private static ValidatableResponse patch(String path, Object body) {
        return asAdmin().body(body).patch(path).then();
    }

    private static ValidatableResponse postAsPlatformAdmin(String path, Object body) {
        return asAdmin().body(body).post(path).then();
    }
}
