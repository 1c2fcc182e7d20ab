package io.usher.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Keycloak;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SsoDomainResourceIT {

    private static final String BASE = "/api/v1/admin/sso-domains/";
    private static String platformAdmin;

    @BeforeAll
    static void tokens() {
        platformAdmin = Keycloak.platformAdminToken();
    }

    @Test
    void domainsArePutListedChangedAndDeleted() {
        String domain = "corp-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "entra-corp"))
                .put(BASE + domain.toUpperCase())
                .then()
                .statusCode(200)
                .body("domain", equalTo(domain))
                .body("identityProvider", equalTo("entra-corp"));
        given().auth().oauth2(platformAdmin).get(BASE).then().statusCode(200).body("domain", hasItem(domain));
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "okta"))
                .put(BASE + domain)
                .then()
                .statusCode(200)
                .body("identityProvider", equalTo("okta"));
        given().auth()
                .oauth2(platformAdmin)
                .get(BASE)
                .then()
                .body("find { it.domain == '" + domain + "' }.identityProvider", equalTo("okta"));
        given().auth().oauth2(platformAdmin).delete(BASE + domain).then().statusCode(204);
        given().auth()
                .oauth2(platformAdmin)
                .delete(BASE + domain)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(platformAdmin).get(BASE).then().body("domain", not(hasItem(domain)));
    }

    @Test
    void invalidDomainsAndAliasesAreProblems() {
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "entra"))
                .put(BASE + "not a domain")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("domain"));
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "entra"))
                .put(BASE + "localhost")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "<script>"))
                .put(BASE + "fine.example")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identityProvider"));
        given().auth()
                .oauth2(platformAdmin)
                .contentType(ContentType.JSON)
                .body("{}")
                .put(BASE + "fine.example")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("identityProvider"));
    }

    @Test
    void onlyPlatformAdminsManageDomains() {
        String user = Keycloak.plainUserToken();
        given().auth().oauth2(user).get(BASE).then().statusCode(403).contentType("application/problem+json");
        given().auth()
                .oauth2(user)
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", "x"))
                .put(BASE + "evil.example")
                .then()
                .statusCode(403);
        given().auth().oauth2(user).delete(BASE + "evil.example").then().statusCode(403);
        given().get(BASE).then().statusCode(401);
    }
}
