package io.usher.console;

import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Browser;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/** A batch page lists identical messages once, with their count, in English and French. */
@QuarkusTest
class MessageGroupsIT {

    @Inject
    Pool pool;

    @Test
    void identicalQuotaLinesAreOneEntryWithTheirCountAndFirstLines() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Grouped"), 5, 2));
        String admin = Seeds.email("grouped-admin");
        String token = Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String marker = UUID.randomUUID().toString().substring(0, 8);
        List<String> lines = new ArrayList<>();
        lines.add("twice-" + marker + "@grouped.example");
        lines.add("twice-" + marker + "@grouped.example");
        lines.add("twice-" + marker + "@grouped.example");
        // Two seats: the first two new addresses are invited, the other 258 are over the quota,
        // more than the 200 messages a page reads.
        IntStream.rangeClosed(1, 259).forEach(i -> lines.add("p" + i + "-" + marker + "@grouped.example"));
        String batchId = Batches.postLines(token, account.toString(), String.join("\n", lines), "EDITOR");
        Batches.awaitCompleted(token, batchId, Duration.ofSeconds(60));
        String page = ServiceUrl.base() + "/console/accounts/" + account + "/batches/" + batchId;
        try (Browser browser = new Browser()) {
            HtmlPage english = signInAtKeycloak(browser.open(page), admin, Seeds.PASSWORD);
            assertEquals(200, status(english), english.asNormalizedText());
            DomElement quota = entry(english, "QUOTA_REACHED|");
            assertEquals("258", quota.getAttribute("data-count"));
            String text = quota.getTextContent();
            assertTrue(text.contains("× 258"), text);
            assertTrue(text.contains("you have reached the user limit for role Editor on your account"), text);
            assertTrue(text.contains("and 255 more"), text);
            assertEquals(3, quota.querySelectorAll(".line").size(), text);
            assertEquals(1, entries(english, "QUOTA_REACHED|").size(), "one entry for every quota line");
            // The two duplicates fall outside the 200 messages read: the list says it stands for 258 of 260.
            var cut = english.getElementById("messages-cut");
            assertFalse(cut.hasAttribute("hidden"), cut.asXml());
            assertTrue(cut.getTextContent().contains("The last 258 of 260 messages"), cut.getTextContent());

            HtmlPage french = browser.open(page + "?lang=fr");
            String texte = entry(french, "QUOTA_REACHED|").getTextContent();
            assertTrue(texte.contains("× 258"), texte);
            assertTrue(texte.contains("et 255 autres"), texte);
            assertTrue(texte.contains("258 lignes avec ce message"), texte);
        }
    }

    @Test
    void aLineRepeatedSeveralTimesIsOneEntryOfItsDuplicates() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Grouped duplicates"), 5, 50));
        String admin = Seeds.email("grouped-duplicates");
        String token = Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String again = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@grouped.example";
        String batchId = Batches.postLines(
                token, account.toString(), String.join("\n", again, again, again, again, "not an address"), "EDITOR");
        Batches.awaitCompleted(token, batchId, Duration.ofSeconds(30));
        String page = ServiceUrl.base() + "/console/accounts/" + account + "/batches/" + batchId;
        try (Browser browser = new Browser()) {
            HtmlPage english = signInAtKeycloak(browser.open(page), admin, Seeds.PASSWORD);
            DomElement duplicates = entry(english, "DUPLICATE|");
            assertEquals("3", duplicates.getAttribute("data-count"));
            assertTrue(duplicates.getTextContent().contains("× 3"), duplicates.getTextContent());
            assertTrue(duplicates.getTextContent().contains("#2"), duplicates.getTextContent());
            DomElement invalid = entry(english, "INVALID_EMAIL|");
            assertEquals("1", invalid.getAttribute("data-count"));
            assertTrue(invalid.getTextContent().startsWith("#5 not an address:"), invalid.getTextContent());
            assertTrue(english.getElementById("messages-cut").hasAttribute("hidden"));
        }
    }

    private static List<DomElement> entries(HtmlPage page, String keyStart) {
        List<DomElement> found = new ArrayList<>();
        for (DomElement item : page.getElementById("messages").getElementsByTagName("li")) {
            if (item.getAttribute("data-key").startsWith(keyStart)) {
                found.add(item);
            }
        }
        return found;
    }

    private static DomElement entry(HtmlPage page, String keyStart) {
        List<DomElement> found = entries(page, keyStart);
        assertFalse(
                found.isEmpty(),
                "no entry " + keyStart + " in "
                        + page.getElementById("messages").asXml());
        return found.get(0);
    }
}
