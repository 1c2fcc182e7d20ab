package io.usher.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** The test run's real Keycloak: tokens by the password grant, and people made on the fly. */
public final class Keycloak {

    public static final String PLATFORM_ADMIN = "admin@usher.example";
    public static final String ACCOUNT_OWNER = "owner@acme.example";

    private Keycloak() {}

    public static String url() {
        return setting("url");
    }

    /** An access token of a person, as a browser or script would get one from usher-web. */
    public static String token(String email, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "usher-web")
                .formParam("client_secret", setting("web-secret"))
                .formParam("username", email)
                .formParam("password", password)
                .post(url() + "/realms/" + KeycloakResource.REALM + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    public static String platformAdminToken() {
        return token(PLATFORM_ADMIN, setting("platform-admin-password"));
    }

    /** A token of a person with no platform role (the realm's seeded account owner). */
    public static String plainUserToken() {
        return token(ACCOUNT_OWNER, setting("account-admin-password"));
    }

    /** Creates a person in the platform realm (a fresh email per call is the caller's job). */
    public static String createUser(String email, String password, String... realmRoles) {
        String admin = adminToken();
        String location = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username",
                        email,
                        "email",
                        email,
                        "emailVerified",
                        true,
                        "enabled",
                        true,
                        "firstName",
                        "Test",
                        "lastName",
                        "Person",
                        "credentials",
                        List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .post(url() + "/admin/realms/" + KeycloakResource.REALM + "/users")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String userId = location.substring(location.lastIndexOf('/') + 1);
        for (String role : realmRoles) {
            Map<String, Object> representation = given().auth()
                    .oauth2(admin)
                    .get(url() + "/admin/realms/" + KeycloakResource.REALM + "/roles/" + role)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Map.class);
            given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.JSON)
                    .body(List.of(representation))
                    .post(url() + "/admin/realms/" + KeycloakResource.REALM + "/users/" + userId
                            + "/role-mappings/realm")
                    .then()
                    .statusCode(204);
        }
        return userId;
    }

    private static String adminToken() {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", "bootstrap-admin")
                .formParam("password", setting("bootstrap-password"))
                .post(url() + "/realms/master/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue("test-stack.keycloak." + name, String.class);
    }
}
