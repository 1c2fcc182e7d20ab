package io.usher.onboarding;

import static io.usher.testing.Browser.click;
import static io.usher.testing.Browser.fill;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import java.time.Duration;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The invitee keeps their language from the mail to Keycloak's sign-in page, and a form sent back
 * with problems keeps what they entered; the new person's mail says who invited them, and where.
 */
@QuarkusTest
class InviteeLanguageIT extends PlatformAdminTest {

    private static final String PASSWORD = "Correct-horse-9";

    @Test
    void afterAcceptingInFrenchTheSignInPageIsFrenchAndAFormWithProblemsKeepsTheTermsBox() {
        String accountName = Seeds.name("Langue");
        String accountId = Accounts.create(accountName, 2, 10);
        String email = Seeds.email("francais");
        String link = Invitees.invite(smtp, admin, accountId, email, "EDITOR");
        String mail = Mailbox.textOf(
                Mailbox.await(smtp, email, 1, Duration.ofSeconds(30)).get(0));
        assertTrue(mail.contains("to the account " + accountName), mail);
        assertTrue(mail.contains("vous a invité au compte " + accountName), mail);
        assertTrue(mail.contains("An account was created for you on"), mail);

        try (Browser browser = new Browser()) {
            HtmlPage form = Invitees.fillInvitation(browser.open(link + "?lang=fr"), "", "Curie", PASSWORD);
            fill(form, "language", "fr");
            HtmlPage refused = click(form, "Créer mon compte");
            assertEquals(400, status(refused), refused.asNormalizedText());
            assertTrue(
                    ((HtmlCheckBoxInput) refused.getElementById("acceptTerms")).isChecked(),
                    "the terms box stays ticked");
            assertEquals("Curie", refused.getElementById("lastName").getAttribute("value"));
            assertEquals("+1 555 0100", refused.getElementById("phone").getAttribute("value"));
            assertTrue(refused.asXml().contains("<option value=\"fr\" selected"), "the language stays chosen");

            fill(refused, "firstName", "Marie");
            fill(refused, "password", PASSWORD);
            fill(refused, "passwordConfirmation", PASSWORD);
            HtmlPage login = click(refused, "Créer mon compte");
            assertTrue(
                    login.getUrl().toString().startsWith(Keycloak.url()),
                    login.getUrl().toString());
            assertTrue(
                    login.getUrl().toString().contains("ui_locales=fr"),
                    login.getUrl().toString());
            assertEquals("fr", login.getDocumentElement().getAttribute("lang"), login.asNormalizedText());
        }
    }

    @Test
    void anEnglishAcceptanceSignsInInEnglish() {
        String accountId = Accounts.create(Seeds.name("Language"), 2, 10);
        String email = Seeds.email("english");
        String link = Invitees.invite(smtp, admin, accountId, email, "EDITOR");
        try (Browser browser = new Browser()) {
            HtmlPage login =
                    click(Invitees.fillInvitation(browser.open(link), "Ada", "Byron", PASSWORD), "Create my account");
            assertTrue(
                    login.getUrl().toString().contains("ui_locales=en"),
                    login.getUrl().toString());
            assertEquals("en", login.getDocumentElement().getAttribute("lang"));
        }
    }
}
