package io.usher.console;

import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Browser;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlOption;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console against what a browser can be made to send: signed out, signed in as the wrong
 * person, forms forged or posted from another site, odd filters and bodies. Every answer is a
 * page or problem with the right status, and nothing changes that should not. The console's
 * happy path in a real browser is {@link ConsoleE2EIT}.
 */
@QuarkusTest
class ConsoleIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

    @Inject
    Pool pool;

    private static String base;
    private static UUID account;
    private static UUID foreignAccount;
    private static String adminEmail;
    private static String editorEmail;
    private static String foreignAdminEmail;

    @BeforeAll
    static void accounts() {
        base = ServiceUrl.base();
    }

    private void seed() {
        if (account != null) {
            return;
        }
        account = UUID.fromString(Accounts.create(Seeds.name("Console hostile"), 5, 50));
        foreignAccount = UUID.fromString(Accounts.create(Seeds.name("Console foreign"), 5, 50));
        adminEmail = Seeds.email("console-it-admin");
        Seeds.person(pool, account, adminEmail, "SITE_ADMIN", Seeds.PASSWORD);
        editorEmail = Seeds.email("console-it-editor");
        Seeds.person(pool, account, editorEmail, "EDITOR", Seeds.PASSWORD);
        foreignAdminEmail = Seeds.email("console-it-foreign");
        Seeds.person(pool, foreignAccount, foreignAdminEmail, "SITE_ADMIN", Seeds.PASSWORD);
    }

    private String users() {
        return base + "/console/accounts/" + account + "/users";
    }

    /** A browser signed in to the console as this person, on the page it opened first. */
    private static HtmlPage signedIn(Browser browser, String url, String email) {
        return signInAtKeycloak(browser.open(url), email, Seeds.PASSWORD);
    }

    private UUID member(String prefix, String status) {
        return Seeds.member(pool, account, Seeds.email(prefix), "Con", "Sole", "EDITOR", status, OffsetDateTime.now());
    }

    private String membershipStatus(UUID profileId) {
        return Sql.text(pool, "SELECT status FROM memberships WHERE profile_id = $1", profileId);
    }

    private String role(UUID profileId) {
        return Sql.text(pool, "SELECT role FROM memberships WHERE profile_id = $1", profileId);
    }

    private static WebResponse post(Browser browser, String url, Map<String, String> headers, String body) {
        return browser.send(HttpMethod.POST, url, headers, body);
    }

    @Test
    void signedOutTheConsoleSendsToSignIn() {
        seed();
        try (Browser browser = new Browser()) {
            HtmlPage page = browser.open(users());
            assertNotNull(page.getElementById("kc-form-login"), "Keycloak's sign-in page: " + page.getUrl());

            WebResponse post = post(
                    browser,
                    users() + "/" + UUID.randomUUID() + "/delete",
                    Map.of("Content-Type", FORM, "Accept", PAGE),
                    "");
            assertTrue(
                    post.getStatusCode() == 302 || post.getStatusCode() == 401,
                    "a signed-out change is sent to sign in, not applied: " + post.getStatusCode());

            WebResponse script = post(
                    browser,
                    base + "/console/accounts/" + account + "/invitations/preview?role=EDITOR",
                    Map.of(
                            "Content-Type",
                            "text/plain",
                            "Accept",
                            "application/json",
                            "X-Requested-With",
                            "JavaScript"),
                    "a@test.example");
            assertEquals(499, script.getStatusCode(), "a page's script is told the session ended, not redirected");
        }
    }

    @Test
    void anEditorAndAnotherAccountsAdministratorSeeProblemPagesNotMembers() {
        seed();
        UUID someone = member("console-it-someone", "ACTIVE");
        try (Browser browser = new Browser()) {
            HtmlPage page = signedIn(browser, users(), editorEmail);
            assertEquals(403, status(page), page.asNormalizedText());
            assertTrue(page.getWebResponse().getContentType().equals("text/html"), "a page, not JSON");
            assertTrue(!page.asNormalizedText().contains("Con Sole"), "no member is shown");

            page = browser.open(base + "/console");
            assertEquals("/welcome", path(page), "the console's start sends a person it has nothing for home");
        }
        try (Browser browser = new Browser()) {
            HtmlPage page = signedIn(browser, users(), foreignAdminEmail);
            assertEquals(404, status(page), "another account's users are not found, not forbidden");
            assertEquals(404, status(browser.open(users() + "/" + someone)));
            assertEquals(
                    404, status(browser.open(base + "/console/accounts/" + account + "/batches/" + UUID.randomUUID())));

            WebResponse delete = post(
                    browser, users() + "/" + someone + "/delete", Map.of("Content-Type", FORM, "Accept", PAGE), "");
            assertEquals(404, delete.getStatusCode());
            WebResponse preview = post(
                    browser,
                    base + "/console/accounts/" + account + "/invitations/preview?role=EDITOR",
                    Map.of("Content-Type", "text/plain", "Accept", "application/json"),
                    "x@test.example");
            assertEquals(404, preview.getStatusCode());
            assertEquals("application/problem+json", preview.getContentType());
        }
        assertEquals("ACTIVE", membershipStatus(someone), "nothing changed");
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() {
        seed();
        UUID target = member("console-it-target", "ACTIVE");
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            String delete = users() + "/" + target + "/delete";

            WebResponse forged = post(
                    browser,
                    delete,
                    Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", "https://evil.example"),
                    "");
            assertEquals(403, forged.getStatusCode());
            WebResponse opaque =
                    post(browser, delete, Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", "null"), "");
            assertEquals(403, opaque.getStatusCode(), "a sandboxed frame's opaque origin is another site too");
            assertEquals("ACTIVE", membershipStatus(target), "nothing changed");

            WebResponse own = post(browser, delete, Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", base), "");
            assertEquals(303, own.getStatusCode(), own.getContentAsString());
            assertEquals("REMOVED", membershipStatus(target));
        }
    }

    /**
     * Behind a TLS ingress the pod is reached over http with X-Forwarded-* headers: the page the
     * browser sees is https on the public host, so that is the console's own origin, and the
     * sign-in sends Keycloak back there.
     */
    @Test
    void behindATlsProxyTheConsoleKnowsItsPublicOrigin() {
        seed();
        UUID target = member("console-it-proxied", "ACTIVE");
        String delete = users() + "/" + target + "/delete";
        Map<String, String> proxied = Map.of(
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "usher.example.com", "X-Forwarded-Port", "443");
        try (Browser browser = new Browser()) {
            WebResponse signIn = browser.send(HttpMethod.GET, users(), proxied, null);
            assertEquals(302, signIn.getStatusCode());
            String location = signIn.getResponseHeaderValue("Location");
            assertTrue(
                    location.contains("redirect_uri=https%3A%2F%2Fusher.example.com%2F"),
                    "Keycloak sends the person back to the public https origin: " + location);

            signedIn(browser, users(), adminEmail);
            WebResponse plain = post(browser, delete, with(proxied, "Origin", "http://usher.example.com"), "");
            assertEquals(403, plain.getStatusCode(), "http is another origin than the https page");
            WebResponse pod = post(browser, delete, with(proxied, "Origin", base), "");
            assertEquals(403, pod.getStatusCode(), "the pod's own address is not the page the browser shows");
            assertEquals("ACTIVE", membershipStatus(target), "nothing changed");

            WebResponse own = post(browser, delete, with(proxied, "Origin", "https://usher.example.com"), "");
            assertEquals(303, own.getStatusCode(), own.getContentAsString());
            String next = own.getResponseHeaderValue("Location");
            assertTrue(
                    next.startsWith("https://usher.example.com/") || next.startsWith("/"),
                    "the redirect stays on the public origin: " + next);
            assertEquals("REMOVED", membershipStatus(target));
        }
    }

    private static Map<String, String> with(Map<String, String> proxied, String name, String value) {
        Map<String, String> headers = new java.util.HashMap<>(proxied);
        headers.put("Content-Type", FORM);
        headers.put("Accept", PAGE);
        headers.put(name, value);
        return headers;
    }

    @Test
    void forgedMemberFormsAreRefusedOnTheMembersPage() {
        seed();
        UUID target = member("console-it-forged", "ACTIVE");
        String foreignTeam = UUID.randomUUID().toString();
        String change = users() + "/" + target;
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            Map<String, String> form = Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", base);

            WebResponse role = post(browser, change, form, "role=OWNER&status=ACTIVE");
            assertEquals(400, role.getStatusCode());
            assertTrue(
                    role.getContentAsString().contains("Not a known value: OWNER"),
                    "the page says which field is wrong");
            assertTrue(role.getContentAsString().contains("<form"), "the member's page, to try again");

            assertEquals(
                    400, post(browser, change, form, "role=EDITOR&status=GONE").getStatusCode());
            assertEquals(
                    400,
                    post(browser, change, form, "role=EDITOR&teams=not-a-team").getStatusCode());
            assertEquals(
                    400,
                    post(browser, change, form, "role=EDITOR&teams=" + foreignTeam)
                            .getStatusCode());
            assertEquals(
                    409,
                    post(browser, change, form, "role=EDITOR&status=PENDING").getStatusCode(),
                    "an active member cannot go back to pending");
            assertEquals("EDITOR", role(target));
            assertEquals("ACTIVE", membershipStatus(target));

            WebResponse fine = post(browser, change, form, "role=SITE_ADMIN&status=SUSPENDED");
            assertEquals(303, fine.getStatusCode(), fine.getContentAsString());
            assertEquals("SITE_ADMIN", role(target));
            assertEquals("SUSPENDED", membershipStatus(target));
        }
    }

    @Test
    void theStatusChoiceOffersOnlyTheStatusesTheRulesAllowFromTheMembersOwn() {
        seed();
        UUID suspended = member("console-it-suspended", "SUSPENDED");
        UUID removed = member("console-it-removed", "REMOVED");
        UUID pending = member("console-it-pending", "PENDING");
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            assertEquals(List.of("ACTIVE", "SUSPENDED", "ARCHIVED", "REMOVED"), statusChoices(browser, suspended));
            assertEquals(List.of("ACTIVE", "REMOVED"), statusChoices(browser, removed));
            assertEquals(List.of("PENDING", "SUSPENDED", "ARCHIVED", "REMOVED"), statusChoices(browser, pending));
        }
    }

    @Test
    void aRefusedChangeIsSaidInThePagesLanguageWithStatusesAsWords() {
        seed();
        UUID target = member("console-it-words", "ACTIVE");
        String change = users() + "/" + target;
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            assertEquals(200, status(browser.open(change + "?lang=fr")), "the console's language choice");
            Map<String, String> form = Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", base);
            WebResponse refused = post(browser, change, form, "role=EDITOR&status=PENDING");
            assertEquals(409, refused.getStatusCode());
            String page = refused.getContentAsString();
            assertTrue(
                    page.contains("Un membre au statut Actif ne peut pas passer au statut Invitation en attente"),
                    page);
            assertTrue(page.contains("Suspendu, Archivé ou Retiré"), page);
            assertFalse(page.contains("[SUSPENDED"), "no Java list");
            assertFalse(page.contains("ACTIVE member"), "no codes");
        }
    }

    private List<String> statusChoices(Browser browser, UUID member) {
        HtmlPage page = browser.open(users() + "/" + member);
        assertEquals(200, status(page), page.asNormalizedText());
        HtmlSelect select = (HtmlSelect) page.getElementById("status");
        return select.getOptions().stream().map(HtmlOption::getValueAttribute).toList();
    }

    @Test
    void oddLinksStillShowTheListAndMalformedOnesAProblem() {
        seed();
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            String q = "%25_%27%22%3C" + "x".repeat(1_000);
            HtmlPage odd = browser.open(users() + "?page=-3&status=NOPE&role=OWNER&team=zzz&q=" + q);
            assertEquals(200, status(odd), odd.asNormalizedText());
            HtmlPage edited = browser.open(users() + "?notice=%25ZZ");
            assertEquals(200, status(edited), "a notice a link made up shows nothing, the page still shows");
            HtmlPage far = browser.open(users() + "?page=999999");
            assertEquals(200, status(far), "a page number past the end is an empty page, not an error");
            HtmlPage huge = browser.open(users() + "?page=99999999999");
            assertEquals(400, status(huge), "a page number no list can reach is a mistake");
            assertNotNull(huge.getElementById("main"), "shown as a console page");

            HtmlPage malformed = browser.open(base + "/console/accounts/not-an-id/users");
            assertTrue(
                    status(malformed) == 400 || status(malformed) == 404,
                    "a malformed id is the client's mistake: " + status(malformed));
            assertNotNull(malformed.getElementById("main"), "shown as a console page");
            HtmlPage nowhere = browser.open(base + "/console/nowhere");
            assertEquals(404, status(nowhere));
            assertNotNull(nowhere.getElementById("main"), "shown as a console page");
            WebResponse unknownTeam =
                    browser.send(HttpMethod.GET, users() + "?team=" + UUID.randomUUID(), Map.of(), null);
            assertEquals(404, unknownTeam.getStatusCode(), "a team that is not the account's is not found");
        }
    }

    @Test
    void theInviteDialogsRequestsAnswerProblemsForBadInput() {
        seed();
        String invitations = base + "/console/accounts/" + account + "/invitations";
        Map<String, String> text = Map.of("Content-Type", "text/plain", "Accept", "application/json", "Origin", base);
        try (Browser browser = new Browser()) {
            signedIn(browser, users(), adminEmail);
            WebResponse empty = post(browser, invitations + "?role=EDITOR", text, "\n  \n");
            assertEquals(400, empty.getStatusCode(), empty.getContentAsString());
            assertEquals("application/problem+json", empty.getContentType(), "the dialog's script reads problems");

            WebResponse badRole = post(browser, invitations + "?role=OWNER", text, "a@test.example");
            assertEquals(400, badRole.getStatusCode(), badRole.getContentAsString());
            WebResponse foreignTeam =
                    post(browser, invitations + "?role=EDITOR&team=" + UUID.randomUUID(), text, "a@test.example");
            assertEquals(400, foreignTeam.getStatusCode(), foreignTeam.getContentAsString());
            WebResponse crossSite = post(
                    browser,
                    invitations + "?role=EDITOR",
                    Map.of(
                            "Content-Type",
                            "text/plain",
                            "Accept",
                            "application/json",
                            "Origin",
                            "https://evil.example"),
                    "a@test.example");
            assertEquals(403, crossSite.getStatusCode());
            assertEquals(
                    0L,
                    Sql.count(pool, "SELECT count(*) FROM invitation_batches WHERE account_id = $1", account),
                    "no refused request left a batch behind");

            WebResponse ok = post(browser, invitations + "/preview?role=EDITOR", text, "new-one@test.example\nnope");
            assertEquals(200, ok.getStatusCode(), ok.getContentAsString());
            WebResponse csv = post(
                    browser,
                    invitations + "/preview?role=EDITOR",
                    Map.of("Content-Type", "text/csv; charset=utf-8", "Accept", "application/json", "Origin", base),
                    "name,email\n\"Doe, Jane\",jane@test.example\nJohn,nope\n");
            assertEquals(200, csv.getStatusCode(), csv.getContentAsString());
            assertTrue(csv.getContentAsString().contains("\"total\":2"), csv.getContentAsString());
            WebResponse noEmailColumn = post(
                    browser,
                    invitations + "/preview?role=EDITOR",
                    Map.of("Content-Type", "text/csv", "Accept", "application/json", "Origin", base),
                    "name\nJane\n");
            assertEquals(400, noEmailColumn.getStatusCode(), "a CSV file without an email column is refused");
        }
    }

    @Test
    void aPlatformPageIsForPlatformAdministratorsOnly() {
        seed();
        try (Browser browser = new Browser()) {
            HtmlPage page = signedIn(browser, base + "/console/admin/users", adminEmail);
            assertEquals(403, status(page), page.asNormalizedText());
            WebResponse deactivate = post(
                    browser,
                    base + "/console/admin/users/" + UUID.randomUUID() + "/deactivate",
                    Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", base),
                    "");
            assertEquals(403, deactivate.getStatusCode());
        }
    }

    @Test
    void aBatchsHeadingSaysWhetherItsMailsAreStillBeingSentOrAllSent() {
        seed();
        UUID own = UUID.fromString(Accounts.create(Seeds.name("Console mails"), 5, 50));
        String admin = Seeds.email("console-it-mails");
        String token = Seeds.person(pool, own, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String batchId = Batches.postLines(token, own.toString(), "mail@test.example", "EDITOR");
        Batches.awaitCompleted(token, batchId, Duration.ofSeconds(30));
        String page = base + "/console/accounts/" + own + "/batches/" + batchId;
        // Its one mail held back, as by an SMTP server that is away: decided, not yet sent.
        Sql.update(
                pool,
                "UPDATE mail_outbox SET status = 'PENDING', sent_at = NULL, claim_token = NULL,"
                        + " next_attempt_at = now() + interval '1 hour' WHERE account_id = $1",
                own);
        try (Browser browser = new Browser()) {
            HtmlPage waiting = signedIn(browser, page, admin);
            assertEquals(200, status(waiting), waiting.asNormalizedText());
            assertEquals(
                    "Every address decided; mails being sent",
                    waiting.getElementById("batch-title").getTextContent());
            assertEquals("0", waiting.getElementById("mails-progress").getAttribute("value"));
            assertEquals("1", waiting.getElementById("mails-progress").getAttribute("max"));

            Sql.update(pool, "UPDATE mail_outbox SET status = 'SENT', sent_at = now() WHERE account_id = $1", own);
            HtmlPage sent = browser.open(page);
            assertEquals("Invitations sent", sent.getElementById("batch-title").getTextContent());
            assertEquals("1", sent.getElementById("mails-progress").getAttribute("value"));
            assertTrue(
                    sent.getElementById("mails-text").getTextContent().contains("1 of 1 mails sent"),
                    sent.getElementById("mails-text").getTextContent());
        }
    }

    @Test
    void aCutListOfMessagesSaysSoAndPointsToTheReport() {
        seed();
        UUID own = UUID.fromString(Accounts.create(Seeds.name("Console cut"), 5, 50));
        String admin = Seeds.email("console-it-cut");
        String token = Seeds.person(pool, own, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String lines = java.util.stream.IntStream.rangeClosed(1, 1_203)
                .mapToObj(i -> "not-an-address-" + i)
                .collect(java.util.stream.Collectors.joining("\n"));
        String batchId = Batches.postLines(token, own.toString(), lines, "EDITOR");
        Batches.awaitCompleted(token, batchId, Duration.ofSeconds(30));
        String page = base + "/console/accounts/" + own + "/batches/" + batchId;
        try (Browser browser = new Browser()) {
            HtmlPage english = signedIn(browser, page, admin);
            assertEquals(200, status(english), english.asNormalizedText());
            assertEquals(
                    200,
                    english.getElementById("messages")
                            .getElementsByTagName("li")
                            .size());
            var cut = english.getElementById("messages-cut");
            assertFalse(cut.hasAttribute("hidden"), "the list is cut");
            assertTrue(
                    cut.getTextContent().contains("The last 200 of 1,203 messages are shown; the report has them all"),
                    cut.getTextContent());
            assertTrue(cut.getElementsByTagName("a").get(0).getAttribute("href").contains("report.csv"));
            HtmlPage french = browser.open(page + "?lang=fr");
            assertTrue(
                    french.getElementById("messages-cut")
                            .getTextContent()
                            .contains("Les 200 derniers messages sur 1\u202f203"),
                    french.getElementById("messages-cut").getTextContent());
        }
    }

    @Test
    void pastBatchesAreListedNewestFirstWithTheirProgressAndReport() {
        seed();
        UUID own = UUID.fromString(Accounts.create(Seeds.name("Console batches"), 5, 50));
        String admin = Seeds.email("console-it-batches");
        String token = Seeds.person(pool, own, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String first = Batches.postLines(token, own.toString(), "one@test.example\nnot-an-address", "EDITOR");
        Batches.awaitCompleted(token, first, Duration.ofSeconds(30));
        String second = Batches.postLines(token, own.toString(), "two@test.example", "SITE_ADMIN");
        Batches.awaitCompleted(token, second, Duration.ofSeconds(30));
        String list = base + "/console/accounts/" + own + "/batches";
        try (Browser browser = new Browser()) {
            HtmlPage page = signedIn(browser, list, admin);
            assertEquals(200, status(page), page.asNormalizedText());
            var rows = page.getElementById("batches")
                    .getElementsByTagName("tbody")
                    .get(0)
                    .getElementsByTagName("tr");
            assertEquals(2, rows.size());
            assertTrue(rows.get(0).asNormalizedText().contains("Site administrator"), "newest first");
            assertTrue(
                    rows.get(1).asNormalizedText().contains("2 of 2"),
                    rows.get(1).asNormalizedText());
            assertEquals(
                    "/console/accounts/" + own + "/batches/" + first,
                    rows.get(1).getElementsByTagName("a").get(0).getAttribute("href"));
            HtmlPage batch = browser.open(
                    base + rows.get(1).getElementsByTagName("a").get(0).getAttribute("href"));
            assertEquals(200, status(batch));
            assertTrue(batch.asNormalizedText().contains("not-an-address"), "the batch's message is shown");
            // One mail (one@test.example): sent, or still waiting when the relay is busy; never failed.
            var mails = batch.getElementById("mails");
            int sent = Integer.parseInt(mails.querySelector("[data-mail=sent]").getTextContent());
            int pending =
                    Integer.parseInt(mails.querySelector("[data-mail=pending]").getTextContent());
            assertEquals(1, sent + pending, mails.asNormalizedText());
            assertEquals("0", mails.querySelector("[data-mail=failed]").getTextContent());
            assertTrue(mails.asNormalizedText().contains("Sent"), mails.asNormalizedText());
            var json = browser.send(
                    org.htmlunit.HttpMethod.GET,
                    base + "/console/accounts/" + own + "/batches/" + first + "/mails",
                    Map.of("Accept", "application/json"),
                    null);
            assertEquals(200, json.getStatusCode());
            assertTrue(json.getContentAsString().contains("\"failed\":0"), json.getContentAsString());
        }
        try (Browser browser = new Browser()) {
            assertEquals(404, status(signedIn(browser, list, foreignAdminEmail)), "another account's batches");
        }
    }
}
