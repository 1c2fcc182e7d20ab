package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.FreePorts;
import io.usher.testing.ServiceUrl;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pages' identity provider unreachable: a page that must send the person to sign in answers a
 * 503 in their language with Retry-After, never a 500; the API's own tenant is untouched.
 */
@QuarkusTest
@TestProfile(IdentityProviderAwayIT.WebProviderAway.class)
class IdentityProviderAwayIT {

    /** Nothing listens where the pages' provider should be. */
    public static class WebProviderAway implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.web.auth-server-url",
                    "http://127.0.0.1:" + FreePorts.next() + "/realms/usher",
                    "quarkus.oidc.web.connection-delay",
                    "0S");
        }
    }

    @Test
    void aPageThatNeedsSignInAnswers503WhileTheProviderIsAway() {
        given().header("Accept", "text/html")
                .header("Accept-Language", "fr")
                .redirects()
                .follow(false)
                .get(ServiceUrl.base() + "/welcome")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType(containsString("text/html"))
                .body(containsString("lang=\"fr\""), containsString("fournisseur d"));

        given().header("Accept", "application/json")
                .redirects()
                .follow(false)
                .get(ServiceUrl.base() + "/console")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("identity-provider-unavailable"))
                .body("status", equalTo(503));
    }

    @Test
    void theApiAnswersAsBefore() {
        given().get(ServiceUrl.base() + "/api/v1/accounts").then().statusCode(401);
    }
}
