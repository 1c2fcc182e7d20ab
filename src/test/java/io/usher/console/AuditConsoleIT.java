package io.usher.console;

import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The console's audit page: the API's log with filters (actor, action, period) and paging, actions
 * and changes said in words in both languages, filters it cannot read answered 400 with the
 * filters as typed, and only for those the API lets read the log.
 */
@QuarkusTest
class AuditConsoleIT {

    @Inject
    Pool pool;

    private final String base = ServiceUrl.base();

    /** Entries of one account: 60 role changes by one actor over the last 60 days, and a team made today by another. */
    private void seed(UUID account, String actor) {
        Sql.update(
                pool,
                "INSERT INTO audit_events (account_id, at, actor, action, subject, details)"
                        + " SELECT $1, now() - make_interval(days => g), $2, 'member.role-changed', 'someone-' || g || '@test.example',"
                        + " '{\"before\": {\"role\": \"EDITOR\"}, \"after\": {\"role\": \"SITE_ADMIN\"}}'::jsonb"
                        + " FROM generate_series(1, 60) g",
                account,
                actor);
        Sql.update(
                pool,
                "INSERT INTO audit_events (account_id, actor, action, subject, details) VALUES ($1, 'other-actor@test.example',"
                        + " 'team.created', 'Night shift', '{\"after\": {\"name\": \"Night shift\"}}'::jsonb)",
                account);
    }

    @Test
    void theLogIsShownInWordsFilteredAndPaged() throws Exception {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Audit console"), 5, 50));
        String admin = Seeds.email("audit-console-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String actor = Seeds.email("audit-actor");
        seed(account, actor);
        UUID other = UUID.fromString(Accounts.create(Seeds.name("Audit elsewhere"), 5, 50));
        seed(other, Seeds.email("elsewhere-actor"));
        String audit = base + "/console/accounts/" + account + "/audit";
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(audit), admin, Seeds.PASSWORD);
            assertEquals(200, status(page), page.asNormalizedText());
            String text = page.asNormalizedText();
            assertTrue(text.contains("Team created"), text);
            assertTrue(text.contains("Role changed"), text);
            assertTrue(text.contains("Editor → Site administrator"), text);
            assertFalse(text.contains("member.role-changed"), "actions read as words, not codes");
            assertFalse(text.contains("elsewhere-actor"), "another account's entries are not shown");
            assertEquals(50, page.querySelectorAll("#audit tbody tr").size(), "a page of 50");
            assertTrue(text.contains("Page 1 of 2"), text);

            page = browser.open(audit + "?action=member.role-changed&actor="
                    + URLEncoder.encode(actor.substring(0, 12).toUpperCase(), StandardCharsets.UTF_8));
            assertTrue(page.asNormalizedText().contains("Page 1 of 2"), page.asNormalizedText());
            HtmlAnchor next = (HtmlAnchor) page.querySelector("a[rel=next]");
            assertTrue(next.getHrefAttribute().contains("action=member.role-changed"), "paging keeps the filters");
            page = next.click();
            assertEquals(10, page.querySelectorAll("#audit tbody tr").size(), "the last 10 of 60");

            page = browser.open(audit + "?action=team.created");
            assertEquals(1, page.querySelectorAll("#audit tbody tr").size());
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            String weekAgo = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                    .minusDays(7)
                    .toString();
            page = browser.open(audit + "?from=" + weekAgo + "&to=" + today + "&action=member.role-changed");
            assertEquals(7, page.querySelectorAll("#audit tbody tr").size(), "a week of role changes");
            assertEquals(weekAgo, ((HtmlInput) page.getElementById("from")).getValue(), "the filters are kept");

            page = browser.open(audit + "?lang=fr");
            text = page.asNormalizedText();
            assertTrue(text.contains("Journal d'audit"), text);
            assertTrue(text.contains("Rôle modifié"), text);
            assertTrue(text.contains("Éditeur → Administrateur du site"), text);
            assertTrue(text.contains("Équipe créée"), text);
            browser.open(audit + "?lang=en");
        }
    }

    @Test
    void filtersItCannotReadAre400PagesAndTheLogIsForAdministratorsOnly() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Audit hostile"), 5, 50));
        String admin = Seeds.email("audit-hostile-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String editor = Seeds.email("audit-hostile-editor");
        Seeds.person(pool, account, editor, "EDITOR", Seeds.PASSWORD);
        UUID other = UUID.fromString(Accounts.create(Seeds.name("Audit hostile other"), 5, 50));
        String audit = base + "/console/accounts/" + account + "/audit";
        try (Browser browser = new Browser()) {
            signInAtKeycloak(browser.open(audit), admin, Seeds.PASSWORD);
            for (String query : new String[] {
                "from=2026-13-45",
                "to=yesterday",
                "from=2026-11-30&to=2026-11-01",
                "from=99999-01-01",
                "action=DROP%20TABLE",
                "actor=" + "a".repeat(400),
                "actor=%00"
            }) {
                HtmlPage page = browser.open(audit + "?" + query);
                assertEquals(400, status(page), query + ": " + page.asNormalizedText());
                assertNotNull(page.getElementById("audit-error"), query + ": the page says why");
                assertNotNull(page.getElementById("actor"), query + ": with the filters, to correct them");
            }
            HtmlPage kept = browser.open(audit + "?from=2026-13-45&actor=kept");
            assertEquals("kept", ((HtmlInput) kept.getElementById("actor")).getValue(), "the filters as typed");
            HtmlPage french = browser.open(audit + "?from=demain&lang=fr");
            assertTrue(french.asNormalizedText().contains("doit être une date"), french.asNormalizedText());
            browser.open(audit + "?lang=en");
            assertEquals(200, status(browser.open(audit + "?page=-4")), "a wrong page is the first");
            assertEquals(404, status(browser.open(base + "/console/accounts/" + other + "/audit")));
            assertEquals(404, status(browser.open(base + "/console/accounts/" + UUID.randomUUID() + "/audit")));
        }
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(audit), editor, Seeds.PASSWORD);
            assertEquals(403, status(page), "an editor may not read the log, as in the API");
            assertNotNull(page.getElementById("main"), "a console page");
        }
        assertEquals(
                0,
                Sql.count(pool, "SELECT count(*) FROM audit_events WHERE account_id = $1 AND action = 'x'", account));
    }
}
