package io.usher.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Accounts;
import io.usher.testing.Keycloak;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceIT extends PlatformAdminTest {

    static String createAccount(String name, int siteAdmins, int editors) {
        return Accounts.create(name, siteAdmins, editors);
    }

    @Test
    void platformAdminCreatesAnAccountAndFindsItAtItsLocation() {
        String name = Seeds.name("Acme");
        String location = asAdmin()
                .body(Map.of(
                        "name",
                        "  " + name + " ",
                        "defaultLanguage",
                        "fr",
                        "quotas",
                        Map.of("SITE_ADMIN", 2, "EDITOR", 10)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("defaultLanguage", equalTo("fr"))
                .body("quotas.SITE_ADMIN", equalTo(2))
                .body("quotas.EDITOR", equalTo(10))
                .body("usage.SITE_ADMIN", equalTo(0))
                .body("usage.EDITOR", equalTo(0))
                .body("createdAt", notNullValue())
                .extract()
                .header("Location");
        assertLocation(location);
        given().auth().oauth2(admin).get(location).then().statusCode(200).body("name", equalTo(name));
    }

    private static void assertLocation(String location) {
        org.hamcrest.MatcherAssert.assertThat(location, startsWith("http"));
        org.hamcrest.MatcherAssert.assertThat(location, org.hamcrest.Matchers.containsString("/api/v1/accounts/"));
    }

    @Test
    void withoutATokenEveryAccountCallIsUnauthenticated() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "defaultLanguage", "en", "quotas", Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().get("/api/v1/accounts").then().statusCode(401);
        given().get("/api/v1/accounts/" + UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void aForgedTokenIsUnauthenticated() {
        given().auth()
                .oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                .get("/api/v1/accounts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aUserWithoutThePlatformRoleIsForbidden() {
        String user = Keycloak.plainUserToken();
        given().auth()
                .oauth2(user)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        Seeds.name("Nope"),
                        "defaultLanguage",
                        "en",
                        "quotas",
                        Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        given().auth().oauth2(user).get("/api/v1/accounts").then().statusCode(403);
        String accountId = createAccount(Seeds.name("Quota"), 1, 1);
        given().auth()
                .oauth2(user)
                .contentType(ContentType.JSON)
                .body(Map.of("SITE_ADMIN", 9, "EDITOR", 9))
                .put("/api/v1/accounts/" + accountId + "/quotas")
                .then()
                .statusCode(403);
    }

    @Test
    void invalidBodiesAreProblemsWithFieldErrors() {
        asAdmin()
                .body(Map.of("name", " ", "quotas", Map.of("SITE_ADMIN", -1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body(
                        "errors.field",
                        containsInAnyOrder("name", "defaultLanguage", "quotas.SITE_ADMIN", "quotas.EDITOR"))
                .body("errors.message", everyItem(notNullValue()));
        asAdmin()
                .body(Map.of("name", "x", "defaultLanguage", "de", "quotas", Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("defaultLanguage"))
                .body("errors[0].message", equalTo("must be one of en, fr"));
        asAdmin()
                .body(Map.of("name", "x", "defaultLanguage", "en", "quotas", Map.of("SITE_ADMIN", "many", "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("quotas.SITE_ADMIN"));
        asAdmin()
                .body(Map.of("name", "x", "defaultLanguage", "en", "quota", Map.of()))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("quota"))
                .body("errors[0].message", equalTo("is not a known field"));
        asAdmin()
                .body("{\"name\": ")
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asAdmin().body("").post("/api/v1/accounts").then().statusCode(400).contentType("application/problem+json");
        asAdmin().body("[1,2]").post("/api/v1/accounts").then().statusCode(400).contentType("application/problem+json");
        asAdmin()
                .contentType(ContentType.XML)
                .body("<account/>")
                .post("/api/v1/accounts")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        asAdmin()
                .body(Map.of(
                        "name",
                        "x".repeat(201),
                        "defaultLanguage",
                        "en",
                        "quotas",
                        Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void aSecondAccountWithTheSameNameIsAConflict() {
        String name = Seeds.name("Twice");
        createAccount(name, 1, 1);
        asAdmin()
                .body(Map.of(
                        "name",
                        name.toUpperCase(),
                        "defaultLanguage",
                        "en",
                        "quotas",
                        Map.of("SITE_ADMIN", 1, "EDITOR", 1)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void quotasAreSetAndReadBackWithUsage() {
        String accountId = createAccount(Seeds.name("Seats"), 1, 5);
        Seeds.member(pool, UUID.fromString(accountId), Seeds.email("editor"), "EDITOR", "ACTIVE");
        Seeds.member(pool, UUID.fromString(accountId), Seeds.email("pending"), "EDITOR", "PENDING");
        Seeds.member(pool, UUID.fromString(accountId), Seeds.email("gone"), "EDITOR", "REMOVED");
        asAdmin()
                .body(Map.of("SITE_ADMIN", 3, "EDITOR", 1))
                .put("/api/v1/accounts/" + accountId + "/quotas")
                .then()
                .statusCode(200)
                .body("quotas.SITE_ADMIN", equalTo(3))
                .body("quotas.EDITOR", equalTo(1))
                .body("usage.EDITOR", equalTo(2))
                .body("usage.SITE_ADMIN", equalTo(0));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("quotas.EDITOR", equalTo(1))
                .body("usage.EDITOR", equalTo(2));
        asAdmin()
                .body(Map.of("SITE_ADMIN", 3))
                .put("/api/v1/accounts/" + accountId + "/quotas")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("EDITOR"));
        asAdmin()
                .body(Map.of("SITE_ADMIN", 3, "EDITOR", 1))
                .put("/api/v1/accounts/" + UUID.randomUUID() + "/quotas")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void accountsAreListedByNameWithSearchAndPaging() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        createAccount("Paged " + marker + " b", 1, 1);
        createAccount("Paged " + marker + " a", 1, 1);
        createAccount("Paged " + marker + " c", 1, 1);
        given().auth()
                .oauth2(admin)
                .queryParam("q", marker.toUpperCase())
                .queryParam("size", 2)
                .get("/api/v1/accounts")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.name", org.hamcrest.Matchers.contains("Paged " + marker + " a", "Paged " + marker + " b"));
        given().auth()
                .oauth2(admin)
                .queryParam("q", marker)
                .queryParam("size", 2)
                .queryParam("page", 1)
                .get("/api/v1/accounts")
                .then()
                .statusCode(200)
                .body("items.name", org.hamcrest.Matchers.contains("Paged " + marker + " c"));
        given().auth()
                .oauth2(admin)
                .queryParam("q", "%_\\")
                .get("/api/v1/accounts")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(admin)
                .queryParam("size", 501)
                .get("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("size"));
        given().auth()
                .oauth2(admin)
                .queryParam("page", -1)
                .get("/api/v1/accounts")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("page"));
        given().auth()
                .oauth2(admin)
                .queryParam("page", "abc")
                .get("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .queryParam("page", 2_000_000_000)
                .get("/api/v1/accounts")
                .then()
                .statusCode(200)
                .body("items.size()", is(0));
    }

    @Test
    void anAccountIsVisibleToItsSiteAdminsOnlyAndHiddenFromOthers() {
        String accountId = createAccount(Seeds.name("Visible"), 2, 2);
        String otherId = createAccount(Seeds.name("Other"), 2, 2);
        String siteAdmin = Seeds.email("admin");
        String editor = Seeds.email("editor");
        Seeds.member(pool, UUID.fromString(accountId), siteAdmin, "SITE_ADMIN", "ACTIVE");
        Seeds.member(pool, UUID.fromString(accountId), editor, "EDITOR", "ACTIVE");
        Keycloak.createUser(siteAdmin, "Secret-123456");
        Keycloak.createUser(editor, "Secret-123456");
        String adminToken = Keycloak.token(siteAdmin, "Secret-123456");
        given().auth()
                .oauth2(adminToken)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("id", equalTo(accountId));
        given().auth()
                .oauth2(adminToken)
                .get("/api/v1/accounts/" + otherId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(adminToken)
                .get("/api/v1/accounts/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(adminToken)
                .get("/api/v1/accounts/not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(Keycloak.token(editor, "Secret-123456"))
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(adminToken).get("/api/v1/accounts").then().statusCode(403);
    }

    @Test
    void anUnknownAccountIsNotFoundEvenForPlatformAdmins() {
        given().auth()
                .oauth2(admin)
                .get("/api/v1/accounts/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .delete("/api/v1/accounts")
                .then()
                .statusCode(405)
                .contentType("application/problem+json");
    }
}
