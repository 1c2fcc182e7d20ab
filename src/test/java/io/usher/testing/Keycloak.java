package io.usher.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        io.restassured.response.Response response = passwordGrant(email, password);
        if (response.statusCode() != 200) {
            throw new AssertionError(
                    "Keycloak gave " + email + " no token: " + response.statusCode() + " " + response.asString());
        }
        return response.path("access_token");
    }

    /** The status the token endpoint answers a password grant with (200, or 400/401 when refused). */
    public static int signInStatus(String email, String password) {
        return passwordGrant(email, password).statusCode();
    }

    private static io.restassured.response.Response passwordGrant(String email, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "usher-web")
                .formParam("client_secret", setting("web-secret"))
                .formParam("username", email)
                .formParam("password", password)
                .post(url() + "/realms/" + KeycloakResource.REALM + "/protocol/openid-connect/token");
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

    /**
     * A company's own identity provider: a realm of its own with one person in it, brokered into
     * the platform realm under {@code alias} (OIDC, the email trusted, names and email taken from
     * the company's token, no review page).
     */
    public static void createCompanyProvider(
            String realm, String alias, String email, String firstName, String lastName, String password) {
        String admin = adminToken();
        String secret = UUID.randomUUID().toString();
        String companyBase = url() + "/realms/" + realm;
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "realm",
                        realm,
                        "enabled",
                        true,
                        "sslRequired",
                        "none",
                        "clients",
                        List.of(Map.of(
                                "clientId",
                                "usher-broker",
                                "enabled",
                                true,
                                "publicClient",
                                false,
                                "secret",
                                secret,
                                "standardFlowEnabled",
                                true,
                                "redirectUris",
                                List.of(url() + "/realms/" + KeycloakResource.REALM + "/broker/" + alias
                                        + "/endpoint"))),
                        "users",
                        List.of(Map.of(
                                "username", email,
                                "email", email,
                                "emailVerified", true,
                                "firstName", firstName,
                                "lastName", lastName,
                                "enabled", true,
                                "credentials",
                                        List.of(Map.of("type", "password", "value", password, "temporary", false))))))
                .post(url() + "/admin/realms")
                .then()
                .statusCode(201);
        Map<String, Object> config = new java.util.HashMap<>();
        config.put("clientId", "usher-broker");
        config.put("clientSecret", secret);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("authorizationUrl", companyBase + "/protocol/openid-connect/auth");
        config.put("tokenUrl", companyBase + "/protocol/openid-connect/token");
        config.put("userInfoUrl", companyBase + "/protocol/openid-connect/userinfo");
        config.put("jwksUrl", companyBase + "/protocol/openid-connect/certs");
        config.put("issuer", companyBase);
        config.put("useJwksUrl", "true");
        config.put("validateSignature", "true");
        config.put("syncMode", "IMPORT");
        config.put("defaultScope", "openid email profile");
        config.put("loginHint", "true");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "alias",
                        alias,
                        "providerId",
                        "oidc",
                        "enabled",
                        true,
                        "trustEmail",
                        true,
                        "firstBrokerLoginFlowAlias",
                        "first broker login",
                        "config",
                        config))
                .post(url() + "/admin/realms/" + KeycloakResource.REALM + "/identity-provider/instances")
                .then()
                .statusCode(201);
    }

    /** The types of the credentials the platform realm holds for the person ("password", say). */
    public static List<String> credentialTypes(String email) {
        return given().auth()
                .oauth2(adminToken())
                .get(url() + "/admin/realms/" + KeycloakResource.REALM + "/users/" + userId(email) + "/credentials")
                .then()
                .statusCode(200)
                .extract()
                .path("type");
    }

    /** The id (the tokens' subject) of the one person of the platform realm with this email. */
    public static String userId(String email) {
        List<String> ids = given().auth()
                .oauth2(adminToken())
                .queryParam("email", email)
                .queryParam("exact", true)
                .get(url() + "/admin/realms/" + KeycloakResource.REALM + "/users")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        if (ids.size() != 1) {
            throw new AssertionError("expected one person " + email + " in the platform realm, found " + ids.size());
        }
        return ids.get(0);
    }

    /**
     * Changes a person's email as an administrator of the realm would (or the person, where the
     * realm lets them): their user name stays, the tokens carry the new address and the flag.
     */
    public static void changeEmail(String userId, String email, boolean verified) {
        String admin = adminToken();
        String user = url() + "/admin/realms/" + KeycloakResource.REALM + "/users/" + userId;
        Map<String, Object> representation = new java.util.HashMap<>(given().auth()
                .oauth2(admin)
                .get(user)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class));
        representation.put("email", email);
        representation.put("emailVerified", verified);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(representation)
                .put(user)
                .then()
                .statusCode(204);
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
