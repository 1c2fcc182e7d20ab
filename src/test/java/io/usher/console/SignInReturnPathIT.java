package io.usher.console;

import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Sign-in as the Kubernetes manifests configure it (base/config/usher.env): every sign-in returns
 * to one fixed path, the only redirect URI the production realm allows, and the service then sends
 * the person on to the page they asked for, query included.
 */
@QuarkusTest
@TestProfile(SignInReturnPathIT.FixedReturnPath.class)
class SignInReturnPathIT {

    public static class FixedReturnPath implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.web.authentication.redirect-path", "/signin",
                    "quarkus.oidc.web.authentication.restore-path-after-redirect", "true");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aSignInReturnsThroughTheFixedPathToThePageAsked() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Return path"), 5, 50));
        String admin = Seeds.email("return-path-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String users = ServiceUrl.base() + "/console/accounts/" + account + "/users";

        try (Browser browser = new Browser()) {
            HtmlPage login = browser.open(users + "?status=ACTIVE&lang=fr");
            String redirect = login.getUrl().getQuery();
            assertTrue(
                    redirect.contains("redirect_uri="
                            + java.net.URLEncoder.encode(
                                    ServiceUrl.base() + "/signin", java.nio.charset.StandardCharsets.UTF_8)),
                    "Keycloak is asked to return to the fixed path: " + redirect);

            HtmlPage page = signInAtKeycloak(login, admin, Seeds.PASSWORD);
            assertEquals(200, status(page), page.asNormalizedText());
            assertEquals("/console/accounts/" + account + "/users", path(page));
            assertEquals(
                    Set.of("status=ACTIVE", "lang=fr"),
                    Set.of(page.getUrl().getQuery().split("&")),
                    "the query is restored too");
            assertTrue(page.asNormalizedText().contains(admin), "the users list, signed in");
        }
    }
}
