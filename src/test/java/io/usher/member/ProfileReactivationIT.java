package io.usher.member;

import static io.restassured.RestAssured.given;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A platform administrator reactivates a deactivated person, and sees when a person last signed in. */
@QuarkusTest
class ProfileReactivationIT {

    private static String platform;

    @Inject
    Pool pool;

    @BeforeAll
    static void tokens() {
        platform = Keycloak.platformAdminToken();
    }

    @Test
    void aReactivatedPersonSignsInAgainAndTheChangeIsAudited() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Reactivate"), 2, 5));
        String email = Seeds.email("reactivated");
        Seeds.siteAdmin(pool, account, email);
        Sql.update(pool, "UPDATE profiles SET activated_at = now() WHERE email = $1", email);
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(200);
        assertNotEquals(200, Keycloak.signInStatus(email, Seeds.PASSWORD));

        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + userId + "/reactivate")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        assertEquals(200, Keycloak.signInStatus(email, Seeds.PASSWORD), "enabled again at the identity provider");
        String token = Keycloak.token(email, Seeds.PASSWORD);
        given().auth().oauth2(token).get("/api/v1/accounts/" + account).then().statusCode(200);
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM audit_events WHERE account_id = $1 AND action = 'profile.reactivated'"
                                + " AND subject = $2",
                        account,
                        email));
    }

    @Test
    void reactivatingAPersonWhoIsNotDeactivatedIsAClearConflict() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Not deactivated"), 2, 5));
        String email = Seeds.email("not-deactivated");
        Seeds.member(pool, account, email, "EDITOR", "ACTIVE");
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + userId + "/reactivate")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("not-deactivated"))
                .body(
                        "detail",
                        equalTo("This profile is not deactivated: only a deactivated profile can be reactivated"));
        given().auth()
                .oauth2(platform)
                .header("Accept-Language", "fr")
                .post("/api/v1/admin/users/" + userId + "/reactivate")
                .then()
                .statusCode(409)
                .body("code", equalTo("not-deactivated"))
                .body("detail", equalTo("Ce profil n'est pas désactivé : seul un profil désactivé peut être réactivé"));
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM audit_events WHERE action = 'profile.reactivated' AND subject = $1",
                        email));
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + UUID.randomUUID() + "/reactivate")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/not-an-id/reactivate")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Keycloak.plainUserToken())
                .post("/api/v1/admin/users/" + userId + "/reactivate")
                .then()
                .statusCode(403);
    }

    @Test
    void thePersonPageLinksAccountsReactivatesAndSaysTheLastSignIn() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Person page"), 2, 5));
        String email = Seeds.email("person-page");
        Seeds.siteAdmin(pool, account, email);
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        given().auth()
                .oauth2(platform)
                .get("/api/v1/admin/users/" + userId)
                .then()
                .body("lastSignedInAt", nullValue());
        String base = ServiceUrl.base();
        try (Browser person = new Browser()) {
            HtmlPage home = signInAtKeycloak(person.open(base + "/signin"), email, Seeds.PASSWORD);
            assertEquals(200, status(home), home.asNormalizedText());
        }
        given().auth()
                .oauth2(platform)
                .get("/api/v1/admin/users/" + userId)
                .then()
                .body("lastSignedInAt", notNullValue());
        given().auth()
                .oauth2(platform)
                .post("/api/v1/admin/users/" + userId + "/deactivate")
                .then()
                .statusCode(200);

        String admin = Seeds.email("platform-console");
        Keycloak.createUser(admin, Seeds.PASSWORD, "platform-admin");
        String page = base + "/console/admin/users/" + userId;
        try (Browser browser = new Browser()) {
            HtmlPage french = signInAtKeycloak(browser.open(page + "?lang=fr"), admin, Seeds.PASSWORD);
            assertEquals(200, status(french), french.asNormalizedText());
            assertTrue(french.asNormalizedText().contains("Dernière connexion"), french.asNormalizedText());
            assertNotEquals(
                    "Aucune enregistrée", french.getElementById("last-sign-in").getTextContent());
            assertEquals(
                    "/console/accounts/" + account + "/users",
                    french.querySelector("#accounts a")
                            .getAttributes()
                            .getNamedItem("href")
                            .getNodeValue());
            assertTrue(french.asNormalizedText().contains("Réactiver"), french.asNormalizedText());
            WebResponse done = browser.send(
                    HttpMethod.POST,
                    base + "/console/admin/users/" + userId + "/reactivate",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", base),
                    "");
            assertEquals(303, done.getStatusCode(), done.getContentAsString());
            String location = done.getResponseHeaderValue("Location");
            HtmlPage reactivated = browser.open((location.startsWith("http") ? "" : base) + location + "&lang=fr");
            assertTrue(
                    reactivated.asNormalizedText().contains("La personne a été réactivée."),
                    reactivated.asNormalizedText());
            WebResponse again = browser.send(
                    HttpMethod.POST,
                    base + "/console/admin/users/" + userId + "/reactivate",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", base),
                    "");
            assertEquals(409, again.getStatusCode(), again.getContentAsString());
        }
        given().auth()
                .oauth2(platform)
                .get("/api/v1/admin/users/" + userId)
                .then()
                .body("status", equalTo("ACTIVE"));
    }
}
