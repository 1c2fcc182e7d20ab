package io.usher.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Accounts made through the API by the platform admin, for tests that need one. */
public final class Accounts {

    private Accounts() {}

    public static String create(String name, int siteAdmins, int editors) {
        return given().auth()
                .oauth2(Keycloak.platformAdminToken())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        name,
                        "defaultLanguage",
                        "fr",
                        "quotas",
                        Map.of("SITE_ADMIN", siteAdmins, "EDITOR", editors)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A team of the account, made by the given caller; its id. */
    public static String createTeam(String token, String accountId, String name) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/v1/accounts/" + accountId + "/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
