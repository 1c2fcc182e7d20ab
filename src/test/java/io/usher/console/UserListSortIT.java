package io.usher.console;

import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/** The users list in the order asked for, its page size said, pending people named by their address. */
@QuarkusTest
class UserListSortIT {

    @Inject
    Pool pool;

    @Test
    void theListIsSortedByNameEmailRoleStatusOrNewestAndOddOrdersAreIgnored() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Sorted"), 5, 50));
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String admin = "a-admin-" + marker + "@sorted.example";
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        OffsetDateTime now = OffsetDateTime.now();
        Seeds.member(
                pool, account, "d-" + marker + "@sorted.example", "Zoe", "Adams", "EDITOR", "ACTIVE", now.minusDays(3));
        Seeds.member(
                pool,
                account,
                "b-" + marker + "@sorted.example",
                "Ada",
                "Young",
                "EDITOR",
                "SUSPENDED",
                now.minusDays(2));
        Seeds.member(
                pool, account, "c-" + marker + "@sorted.example", null, null, "EDITOR", "PENDING", now.minusDays(1));
        String users = ServiceUrl.base() + "/console/accounts/" + account + "/users";
        try (Browser browser = new Browser()) {
            HtmlPage newest = signInAtKeycloak(browser.open(users), admin, Seeds.PASSWORD);
            assertEquals(200, status(newest), newest.asNormalizedText());
            assertEquals(List.of("a-admin", "c", "b", "d"), order(newest));
            // A pending person with no name yet is named by their address.
            assertTrue(
                    names(newest).contains("c-" + marker + "@sorted.example"),
                    names(newest).toString());
            assertEquals("25 per page", newest.getElementById("page-size").getTextContent());

            assertEquals(List.of("b", "c", "a-admin", "d"), order(browser.open(users + "?sort=name")));
            assertEquals(List.of("a-admin", "b", "c", "d"), order(browser.open(users + "?sort=email")));
            assertEquals("a-admin", order(browser.open(users + "?sort=role")).get(0));
            // By status (ACTIVE, PENDING, SUSPENDED), newest first within one.
            assertEquals(List.of("a-admin", "d", "c", "b"), order(browser.open(users + "?sort=status")));
            HtmlPage sorted = browser.open(users + "?sort=email&lang=fr");
            assertEquals("25 par page", sorted.getElementById("page-size").getTextContent());
            assertEquals("email", selected(sorted));
            for (String odd : new String[] {"bogus", "", "%00", "name;drop", "NAME", "é".repeat(500)}) {
                HtmlPage page = browser.open(users + "?sort="
                        + java.net.URLEncoder.encode(odd, java.nio.charset.StandardCharsets.UTF_8) + "&page=-3");
                assertEquals(200, status(page), odd + ": " + page.asNormalizedText());
            }
            assertEquals(List.of("b", "c", "a-admin", "d"), order(browser.open(users + "?sort=NAME")));
            assertEquals(List.of("a-admin", "c", "b", "d"), order(browser.open(users + "?sort=bogus")));
            assertNull(browser.open(users + "?sort=name").getElementById("sort-refused"));
        }
    }

    @Test
    void aListTooLongToSortComesNewestFirstAndSaysSo() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Too long to sort"), 5, 20_000));
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String admin = Seeds.email("sort-long");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        Sql.update(
                pool,
                "INSERT INTO profiles (id, email, first_name, last_name, status)"
                        + " SELECT gen_random_uuid(), 'long-' || i || '-" + marker
                        + "@sorted.example', 'N' || i, 'L', 'ACTIVE'"
                        + " FROM generate_series(1, 10001) i");
        Sql.update(
                pool,
                "INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at)"
                        + " SELECT gen_random_uuid(), $1, p.id, 'EDITOR', 'ACTIVE', now() - interval '1 day'"
                        + " FROM profiles p WHERE p.email LIKE 'long-%-" + marker + "@sorted.example'",
                account);
        String users = ServiceUrl.base() + "/console/accounts/" + account + "/users";
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(users + "?sort=name"), admin, Seeds.PASSWORD);
            assertEquals(200, status(page), page.asNormalizedText());
            DomElement refused = page.getElementById("sort-refused");
            assertNotNull(refused, page.asNormalizedText());
            assertTrue(refused.getTextContent().contains("10,000"), refused.getTextContent());
            assertEquals(admin, emails(page).get(0), "newest first");
            HtmlPage filtered = browser.open(users + "?sort=name&role=SITE_ADMIN&lang=fr");
            assertNull(filtered.getElementById("sort-refused"), "a narrowed list is sorted");
            assertTrue(browser.open(users + "?sort=name&lang=fr")
                    .getElementById("sort-refused")
                    .getTextContent()
                    .contains("10\u202f000"));
        }
    }

    private static String selected(HtmlPage page) {
        for (DomElement option : page.getElementById("sort").getElementsByTagName("option")) {
            if (option.hasAttribute("selected")) {
                return option.getAttribute("value");
            }
        }
        return "";
    }

    private static List<String> emails(HtmlPage page) {
        List<String> found = new ArrayList<>();
        for (DomElement row : page.getElementById("members").getElementsByTagName("tr")) {
            var cells = row.getElementsByTagName("td");
            if (cells.size() > 1) {
                found.add(cells.get(1).getTextContent().strip());
            }
        }
        return found;
    }

    private static List<String> names(HtmlPage page) {
        List<String> found = new ArrayList<>();
        for (DomElement row : page.getElementById("members").getElementsByTagName("tr")) {
            var cells = row.getElementsByTagName("td");
            if (cells.size() > 1) {
                found.add(cells.get(0).getTextContent().strip());
            }
        }
        return found;
    }

    /** The rows' addresses up to their marker: a-admin, b, c, d. */
    private static List<String> order(HtmlPage page) {
        return emails(page).stream()
                .map(email -> email.substring(0, email.lastIndexOf('-')))
                .toList();
    }
}
