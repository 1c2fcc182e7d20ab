package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static io.usher.testing.Browser.click;
import static io.usher.testing.Browser.fill;
import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * An SSO domain's person, through a second Keycloak realm acting as their company's identity
 * provider, brokered into the platform realm: no password anywhere, names from the company.
 */
@QuarkusTest
class SsoSignInIT {

    private static final String FORM = "application/x-www-form-urlencoded";

    @InjectSmtpServer
    GreenMail smtp;

    @Inject
    Pool pool;

    @Test
    void aCompanyPersonSignsInThroughTheirProviderAcceptsTheTermsAndNeverGetsAPassword() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String domain = "acme-" + suffix + ".example";
        String alias = "acme-" + suffix;
        String email = "ada@" + domain;
        String companyPassword = "Company-pass-1";
        Keycloak.createCompanyProvider("acme-corp-" + suffix, alias, email, "Ada", "Lovelace", companyPassword);
        String admin = Keycloak.platformAdminToken();
        Accounts.ssoDomain(domain, alias);
        String accountName = Seeds.name("Acme");
        String accountId = Accounts.create(accountName, 2, 10);
        String link = Invitees.invite(smtp, admin, accountId, email, "EDITOR");

        try (Browser browser = new Browser()) {
            HtmlPage page = browser.open(link);
            assertEquals(200, status(page));
            assertTrue(page.asNormalizedText().contains("company account"), page.asNormalizedText());
            assertTrue(page.getElementsByName("password").isEmpty(), "an SSO page asks for no password");

            HtmlPage companyLogin = click(page, "Continue with my company account");
            assertTrue(
                    companyLogin.getUrl().toString().contains("/realms/acme-corp-" + suffix + "/"),
                    companyLogin.getUrl().toString());
            HtmlPage terms = signInAtKeycloak(companyLogin, email, companyPassword);
            assertEquals("/welcome/terms", path(terms), terms.asNormalizedText());
            assertTrue(terms.asNormalizedText().contains("Ada Lovelace"), terms.asNormalizedText());
            assertEquals("IN_PROGRESS", Sql.text(pool, "SELECT status FROM profiles WHERE email = $1", email));
            // The first sign-in claimed the profile: the person's subject, and the provider that vouched for them.
            assertEquals(
                    Keycloak.userId(email) + " " + alias,
                    Sql.text(pool, "SELECT idp_subject || ' ' || idp_alias FROM profiles WHERE email = $1", email));

            // Another site's form, sent with this browser's session cookie, accepts nothing (issue 25).
            String accept = ServiceUrl.base() + "/welcome/terms";
            for (Map<String, String> foreign : List.of(
                    Map.of("Origin", "https://evil.example"),
                    Map.of("Origin", "null"),
                    Map.of("Referer", "https://evil.example/terms.html"))) {
                Map<String, String> headers = new HashMap<>(foreign);
                headers.put("Content-Type", FORM);
                WebResponse forged = browser.send(HttpMethod.POST, accept, headers, "acceptTerms=true");
                assertEquals(403, forged.getStatusCode(), foreign + ": " + forged.getContentAsString());
                assertEquals("application/problem+json", forged.getContentType());
            }
            assertNull(Sql.text(pool, "SELECT terms_accepted_at FROM profiles WHERE email = $1", email));
            assertEquals("IN_PROGRESS", Sql.text(pool, "SELECT status FROM profiles WHERE email = $1", email));
            // The page's own origin passes the check and reaches the form (which still wants the box ticked).
            for (Map<String, String> own : List.of(
                    Map.of("Origin", ServiceUrl.base()), Map.of("Referer", ServiceUrl.base() + "/welcome/terms"))) {
                Map<String, String> headers = new HashMap<>(own);
                headers.put("Content-Type", FORM);
                assertEquals(
                        400, browser.send(HttpMethod.POST, accept, headers, "").getStatusCode(), own.toString());
            }

            HtmlPage refused = click(terms, "Accept and continue");
            assertEquals(400, status(refused));
            HtmlPage home = click(fill(refused, "acceptTerms", "true"), "Accept and continue");
            assertEquals("/welcome", path(home));
            assertTrue(home.asNormalizedText().contains(accountName), home.asNormalizedText());
            assertEquals(404, status(browser.open(link)));
        }
        assertEquals(
                "Ada Lovelace ACTIVE ACTIVE",
                Sql.text(
                        pool,
                        "SELECT p.first_name || ' ' || p.last_name || ' ' || p.status || ' ' || m.status"
                                + " FROM profiles p JOIN memberships m ON m.profile_id = p.id WHERE p.email = $1",
                        email));
        assertNotNull(Sql.text(pool, "SELECT terms_accepted_at FROM profiles WHERE email = $1", email));
        List<String> credentials = Keycloak.credentialTypes(email);
        assertTrue(!credentials.contains("password"), "credentials in the platform realm: " + credentials);
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/password-reset")
                .then()
                .statusCode(409);
    }
}
