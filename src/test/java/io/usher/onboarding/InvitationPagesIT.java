package io.usher.onboarding;

import static io.usher.testing.Browser.click;
import static io.usher.testing.Browser.fill;
import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The invitee's pages as a browser takes them, through Keycloak's own sign-in pages, against the
 * real Keycloak, PostgreSQL, Kafka and SMTP.
 */
@QuarkusTest
class InvitationPagesIT extends PlatformAdminTest {

    private static final String PASSWORD = "Correct-horse-9";

    private static HtmlPage fillInvitation(HtmlPage page, String first, String last) {
        return Invitees.fillInvitation(page, first, last, PASSWORD);
    }

    /** Opens the link, fills the form, signs in at Keycloak: the person's home page. */
    private static HtmlPage acceptAndSignIn(Browser browser, String link, String email, String first) {
        HtmlPage form = browser.open(link);
        assertEquals(200, status(form), form.asNormalizedText());
        HtmlPage login = click(fillInvitation(form, first, "Tester"), "Create my account");
        return signInAtKeycloak(login, email, PASSWORD);
    }

    private String statuses(String email) {
        return Sql.text(
                pool,
                "SELECT p.status || '/' || string_agg(m.status, ',') FROM profiles p JOIN memberships m"
                        + " ON m.profile_id = p.id WHERE p.email = $1 GROUP BY p.status",
                email);
    }

    @Test
    void thePasswordPathFromTheMailToAnActiveMember() {
        String accountName = Seeds.name("Pages");
        String accountId = Accounts.create(accountName, 2, 10);
        String email = Seeds.email("browser");
        String link = Invitees.invite(smtp, admin, accountId, email, "EDITOR");

        try (Browser browser = new Browser()) {
            HtmlPage page = browser.open(link);
            assertEquals(200, status(page));
            String text = page.asNormalizedText();
            assertTrue(text.contains(accountName), text);
            assertTrue(text.contains(email), text);
            assertTrue(page.getElementById("email").hasAttribute("readonly"));
            // Opening it again (a mail scanner, a second look) spends nothing.
            assertEquals(200, status(browser.open(link)));

            HtmlPage login = click(fillInvitation(page, "Ada", "Tester"), "Create my account");
            assertTrue(
                    login.getUrl().toString().startsWith(Keycloak.url()),
                    login.getUrl().toString());
            assertEquals(email, login.getElementById("username").getAttribute("value"));
            assertEquals("IN_PROGRESS/PENDING", statuses(email));

            HtmlPage home = signInAtKeycloak(login, email, PASSWORD);
            assertEquals("/welcome", path(home), home.asNormalizedText());
            assertTrue(home.asNormalizedText().contains(accountName), home.asNormalizedText());
            assertEquals("ACTIVE/ACTIVE", statuses(email));
            assertEquals(
                    "Ada Tester +1 555 0100 en",
                    Sql.text(
                            pool,
                            "SELECT first_name || ' ' || last_name || ' ' || phone || ' ' || language FROM profiles"
                                    + " WHERE email = $1",
                            email));

            HtmlPage used = browser.open(link);
            assertEquals(404, status(used));
            assertTrue(used.asNormalizedText().contains("ask an administrator")
                    || used.asNormalizedText().contains("Ask an administrator"));
        }
    }

    @Test
    void aFormWithProblemsShowsThemByTheirFieldsAndSpendsNothing() {
        String accountId = Accounts.create(Seeds.name("Problems"), 2, 10);
        String email = Seeds.email("problems");
        String link = Invitees.invite(smtp, admin, accountId, email, "EDITOR");
        try (Browser browser = new Browser()) {
            HtmlPage form = fillInvitation(browser.open(link), "<b>Bold</b>", "Line\nBreak");
            fill(form, "passwordConfirmation", "something-else-1");
            fill(form, "acceptTerms", "false");
            HtmlPage answer = click(form, "Create my account");
            assertEquals(400, status(answer));
            for (String field : new String[] {"firstName", "lastName", "passwordConfirmation", "acceptTerms"}) {
                assertNotNull(answer.getElementById(field + "-error"), field + "\n" + answer.asXml());
                assertEquals("true", answer.getElementById(field).getAttribute("aria-invalid"), field);
            }
            assertTrue(answer.asNormalizedText().contains("You must accept the terms of use"));

            HtmlPage weak = fillInvitation(answer, "Ada", "Tester");
            fill(weak, "password", "short");
            fill(weak, "passwordConfirmation", "short");
            HtmlPage refused = click(weak, "Create my account");
            assertEquals(400, status(refused));
            assertTrue(
                    refused.getElementById("password-error").getTextContent().contains("at least 8 characters"),
                    refused.asNormalizedText());

            HtmlPage french = browser.open(link + "?lang=fr");
            assertTrue(french.asNormalizedText().contains("Créer mon compte"), french.asNormalizedText());
            assertEquals("fr", french.getDocumentElement().getAttribute("lang"));
        }
        assertEquals("IN_PROGRESS/PENDING", statuses(email));
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM invitations i JOIN memberships m ON m.id = i.membership_id"
                                + " JOIN profiles p ON p.id = m.profile_id WHERE p.email = $1 AND i.used_at IS NOT NULL",
                        email));
    }

    @Test
    void forgedAndTruncatedLinksShowOnePageThatRevealsNothing() {
        String accountId = Accounts.create(Seeds.name("Forged pages"), 2, 10);
        String link = Invitees.invite(smtp, admin, accountId, Seeds.email("forged-page"), "EDITOR");
        try (Browser browser = new Browser()) {
            String base = link.substring(0, link.lastIndexOf('/') + 1);
            String token = link.substring(link.lastIndexOf('/') + 1);
            HtmlPage forged = browser.open(base + new StringBuilder(token).reverse());
            HtmlPage truncated = browser.open(base + token.substring(0, 30));
            HtmlPage reset = browser.open(base.replace("/invitations/", "/password-reset/") + token);
            for (HtmlPage page : new HtmlPage[] {forged, truncated, reset}) {
                assertEquals(404, status(page));
                assertEquals(forged.asNormalizedText(), page.asNormalizedText());
            }
            assertEquals("no-store", forged.getWebResponse().getResponseHeaderValue("Cache-Control"));
            // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the page's own forms,
            // which the same-origin check must refuse; the token still never leaves for another site.
            assertEquals("same-origin", forged.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
            assertEquals(200, status(browser.open(link)));

            // The link's form sent from another site is refused, and the link stays live.
            WebResponse foreign = browser.send(
                    HttpMethod.POST,
                    link,
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example"),
                    "firstName=Eve&lastName=Forged&password=Forged-pass-1&passwordConfirmation=Forged-pass-1"
                            + "&language=en&acceptTerms=true");
            assertEquals(403, foreign.getStatusCode());
            assertEquals(200, status(browser.open(link)));
        }
    }

    @Test
    void signedInAsSomeoneElseThePersonChooses() {
        String accountName = Seeds.name("Choice");
        String accountId = Accounts.create(accountName, 2, 10);
        String first = Seeds.email("first-person");
        String second = Seeds.email("second-person");
        String third = Seeds.email("third-person");
        String firstLink = Invitees.invite(smtp, admin, accountId, first, "EDITOR");
        String secondLink = Invitees.invite(smtp, admin, accountId, second, "EDITOR");
        String thirdLink = Invitees.invite(smtp, admin, accountId, third, "EDITOR");
        try (Browser browser = new Browser()) {
            assertEquals("/welcome", path(acceptAndSignIn(browser, firstLink, first, "First")));

            // Stay: the new profile is set up, the browser keeps the current person.
            HtmlPage choice = click(fillInvitation(browser.open(secondLink), "Second", "Tester"), "Create my account");
            assertEquals(200, status(choice));
            assertTrue(choice.asNormalizedText().contains(first), choice.asNormalizedText());
            HtmlPage stayed = click(choice, "Stay signed in as " + first);
            assertEquals("/welcome", path(stayed));
            assertTrue(stayed.asNormalizedText().contains(first), stayed.asNormalizedText());

            // Continue: signed out here and at Keycloak, then signed in as the new person.
            HtmlPage again = click(fillInvitation(browser.open(thirdLink), "Third", "Tester"), "Create my account");
            HtmlPage login = click(again, "Continue as " + third);
            assertTrue(
                    login.getUrl().toString().startsWith(Keycloak.url()),
                    login.getUrl() + "\n" + login.asNormalizedText());
            HtmlPage home = signInAtKeycloak(login, third, PASSWORD);
            assertEquals("/welcome", path(home));
            assertTrue(home.asNormalizedText().contains(third), home.asNormalizedText());
        }
        assertEquals("IN_PROGRESS/PENDING", statuses(second));
        assertEquals("ACTIVE/ACTIVE", statuses(third));
    }

    @Test
    void anExistingUserIsAddedAndSentToSignIn() {
        String first = Accounts.create(Seeds.name("Home"), 2, 10);
        String secondName = Seeds.name("Added");
        String second = Accounts.create(secondName, 2, 10);
        String email = Seeds.email("existing-page");
        String firstLink = Invitees.invite(smtp, admin, first, email, "EDITOR");
        try (Browser browser = new Browser()) {
            acceptAndSignIn(browser, firstLink, email, "Existing");
        }
        String added = Invitees.invite(smtp, admin, second, email, "SITE_ADMIN");
        try (Browser browser = new Browser()) {
            HtmlPage page = browser.open(added);
            assertEquals(200, status(page));
            assertTrue(page.asNormalizedText().contains(secondName), page.asNormalizedText());
            HtmlPage home = signInAtKeycloak(click(page, "Sign in"), email, PASSWORD);
            assertEquals("/welcome", path(home));
            assertTrue(home.asNormalizedText().contains(secondName), home.asNormalizedText());
            assertTrue(home.asNormalizedText().contains("Site administrator"), home.asNormalizedText());
            assertEquals(404, status(browser.open(added)));
        }
    }

    @Test
    void aPasswordResetLinkLeadsToANewPassword() {
        String accountId = Accounts.create(Seeds.name("Reset page"), 2, 10);
        String email = Seeds.email("reset-page");
        try (Browser browser = new Browser()) {
            acceptAndSignIn(browser, Invitees.invite(smtp, admin, accountId, email, "EDITOR"), email, "Reset");
        }
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        int mails = io.usher.testing.Mailbox.to(smtp, email).size();
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/password-reset")
                .then()
                .statusCode(202);
        String link = Invitees.latestLink(smtp, email, mails + 1);
        try (Browser browser = new Browser()) {
            HtmlPage form = browser.open(link);
            assertEquals(200, status(form));
            fill(form, "password", "Brand-new-pass-4");
            fill(form, "passwordConfirmation", "Other-pass-4");
            HtmlPage mismatch = click(form, "Save my password");
            assertEquals(400, status(mismatch));
            fill(mismatch, "password", "Brand-new-pass-4");
            fill(mismatch, "passwordConfirmation", "Brand-new-pass-4");
            HtmlPage done = click(mismatch, "Save my password");
            assertEquals(200, status(done), done.asNormalizedText());
            HtmlPage home = signInAtKeycloak(click(done, "Sign in"), email, "Brand-new-pass-4");
            assertEquals("/welcome", path(home));
            assertEquals(404, status(browser.open(link)));
        }
    }
}
