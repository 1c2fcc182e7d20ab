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
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The console's teams page and the seats shown beside the users, against what a browser can be
 * made to send: forms with good, empty, long, taken and unstorable names, ids that are not ids or
 * are another account's, another site's forms, the wrong role. Refused forms come back with what
 * was typed; nothing changes that should not.
 */
@QuarkusTest
class TeamConsoleIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

    @Inject
    Pool pool;

    private final String base = ServiceUrl.base();

    private record Account(UUID id, String admin, String editor, String token) {
        String teams(String base) {
            return base + "/console/accounts/" + id + "/teams";
        }
    }

    private Account account(String name, int admins, int editors) {
        UUID id = UUID.fromString(Accounts.create(Seeds.name(name), admins, editors));
        String admin = Seeds.email("team-console-admin");
        String token = Seeds.person(pool, id, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String editor = Seeds.email("team-console-editor");
        Seeds.person(pool, id, editor, "EDITOR", Seeds.PASSWORD);
        return new Account(id, admin, editor, token);
    }

    private Map<String, String> form() {
        return Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", base);
    }

    private long teams(UUID account) {
        return Sql.count(pool, "SELECT count(*) FROM teams WHERE account_id = $1", account);
    }

    @Test
    void anAdministratorCreatesRenamesAndDeletesTeamsAndSeesTheirMembers() {
        Account account = account("Team console", 5, 50);
        String teams = account.teams(base);
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(teams), account.admin(), Seeds.PASSWORD);
            assertEquals(200, status(page), page.asNormalizedText());
            assertTrue(page.asNormalizedText().contains("No team yet."), page.asNormalizedText());

            WebResponse created = browser.send(HttpMethod.POST, teams, form(), "name=%20Support%20");
            assertEquals(303, created.getStatusCode(), created.getContentAsString());
            assertTrue(created.getResponseHeaderValue("Location").endsWith("/teams?notice=team_created"));
            String team = Sql.text(pool, "SELECT id::text FROM teams WHERE account_id = $1", account.id());

            UUID member = Seeds.member(
                    pool,
                    account.id(),
                    Seeds.email("team-member"),
                    "Tea",
                    "Mate",
                    "EDITOR",
                    "ACTIVE",
                    OffsetDateTime.now());
            Sql.update(
                    pool,
                    "INSERT INTO membership_teams (account_id, membership_id, team_id) SELECT m.account_id, m.id, $3"
                            + " FROM memberships m WHERE m.account_id = $1 AND m.profile_id = $2",
                    account.id(),
                    member,
                    UUID.fromString(team));

            page = browser.open(teams + "?notice=team_created");
            assertTrue(page.asNormalizedText().contains("The team was created."));
            assertEquals(
                    "1",
                    page.querySelector("[data-team='" + team + "'] [data-members]")
                            .getAttributes()
                            .getNamedItem("data-members")
                            .getNodeValue(),
                    "the member count is shown");
            assertEquals(
                    "Support",
                    ((HtmlInput) page.querySelector("[data-team='" + team + "'] input[name=name]")).getValue());

            WebResponse renamed = browser.send(HttpMethod.POST, teams + "/" + team, form(), "name=Helpdesk");
            assertEquals(303, renamed.getStatusCode(), renamed.getContentAsString());
            assertEquals("Helpdesk", Sql.text(pool, "SELECT name FROM teams WHERE id = $1", UUID.fromString(team)));

            page = browser.open(teams + "?lang=fr");
            assertTrue(page.asNormalizedText().contains("Équipes"), "the page speaks French");
            assertTrue(page.asNormalizedText().contains("Créer l'équipe"), page.asNormalizedText());

            WebResponse deleted = browser.send(HttpMethod.POST, teams + "/" + team + "/delete", form(), "");
            assertEquals(303, deleted.getStatusCode(), deleted.getContentAsString());
            assertEquals(0, teams(account.id()));
            assertEquals(
                    "ACTIVE",
                    Sql.text(pool, "SELECT status FROM memberships WHERE profile_id = $1", member),
                    "the team's member stays");
            assertEquals(
                    3,
                    Sql.count(
                            pool,
                            "SELECT count(*) FROM audit_events WHERE account_id = $1" + " AND action LIKE 'team.%'",
                            account.id()),
                    "each change is audited");
        }
    }

    @Test
    void refusedTeamFormsComeBackWithWhatWasTypedAndWhy() {
        Account account = account("Team console hostile", 5, 50);
        Account other = account("Team console other", 5, 50);
        String teams = account.teams(base);
        String taken = Accounts.createTeam(account.token(), account.id().toString(), "Taken");
        String theirs = Accounts.createTeam(other.token(), other.id().toString(), "Theirs");
        try (Browser browser = new Browser()) {
            signInAtKeycloak(browser.open(teams), account.admin(), Seeds.PASSWORD);

            WebResponse empty = browser.send(HttpMethod.POST, teams, form(), "name=%20%20");
            assertEquals(400, empty.getStatusCode());
            assertTrue(empty.getContentAsString().contains("is required"), empty.getContentAsString());

            String longName = "L".repeat(101);
            WebResponse tooLong = browser.send(HttpMethod.POST, teams, form(), "name=" + longName);
            assertEquals(400, tooLong.getStatusCode());
            assertTrue(tooLong.getContentAsString().contains("value=\"" + longName + "\""), "the name is kept");

            WebResponse duplicate = browser.send(HttpMethod.POST, teams, form(), "name=TAKEN");
            assertEquals(409, duplicate.getStatusCode());
            assertTrue(duplicate.getContentAsString().contains("value=\"TAKEN\""), "the name is kept");
            assertTrue(duplicate.getContentAsString().contains("already has a team named"));

            WebResponse nul = browser.send(HttpMethod.POST, teams, form(), "name=a%00b");
            assertEquals(400, nul.getStatusCode(), nul.getContentAsString());
            WebResponse none = browser.send(HttpMethod.POST, teams, form(), "");
            assertEquals(400, none.getStatusCode());

            Accounts.createTeam(account.token(), account.id().toString(), "Other");
            String otherId =
                    Sql.text(pool, "SELECT id::text FROM teams WHERE account_id = $1 AND name = 'Other'", account.id());
            WebResponse renameTaken = browser.send(HttpMethod.POST, teams + "/" + otherId, form(), "name=taken");
            assertEquals(409, renameTaken.getStatusCode());
            assertTrue(renameTaken.getContentAsString().contains("value=\"taken\""), "the typed name is kept");

            WebResponse badId = browser.send(HttpMethod.POST, teams + "/not-an-id", form(), "name=x");
            assertTrue(badId.getStatusCode() == 400 || badId.getStatusCode() == 404, "" + badId.getStatusCode());
            assertTrue(badId.getContentAsString().contains("id=\"main\""), "a console page");
            assertEquals(
                    404,
                    browser.send(HttpMethod.POST, teams + "/" + UUID.randomUUID() + "/delete", form(), "")
                            .getStatusCode());
            WebResponse foreign = browser.send(HttpMethod.POST, teams + "/" + theirs + "/delete", form(), "");
            assertEquals(404, foreign.getStatusCode(), "another account's team is not found here");
            assertEquals(
                    404,
                    browser.send(HttpMethod.POST, teams + "/" + theirs, form(), "name=Mine")
                            .getStatusCode());
            assertEquals(404, status(browser.open(other.teams(base))), "another account's teams page is not found");
            assertEquals(
                    404,
                    browser.send(HttpMethod.POST, other.teams(base), form(), "name=Sneaky")
                            .getStatusCode());

            WebResponse otherSite = browser.send(
                    HttpMethod.POST,
                    teams + "/" + taken + "/delete",
                    Map.of("Content-Type", FORM, "Accept", PAGE, "Origin", "https://evil.example"),
                    "");
            assertEquals(403, otherSite.getStatusCode());
            assertEquals(2, teams(account.id()), "nothing changed");
            assertEquals(1, teams(other.id()));
        }
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(teams), account.editor(), Seeds.PASSWORD);
            assertEquals(403, status(page), "an editor is refused the teams page");
            assertNotNull(page.getElementById("main"), "as a console page");
            assertFalse(page.asNormalizedText().contains("Taken"), "no team is shown");
            assertEquals(
                    403,
                    browser.send(HttpMethod.POST, teams, form(), "name=Editors").getStatusCode());
            assertEquals(2, teams(account.id()));
        }
    }

    @Test
    void theUsersPageAndItsInviteDialogSaySeatsUsedAndLeftPerRoleInWords() {
        Account account = account("Seats console", 5, 100);
        for (int i = 0; i < 3; i++) {
            Seeds.member(
                    pool,
                    account.id(),
                    Seeds.email("seat"),
                    "Se",
                    "At",
                    "EDITOR",
                    i == 0 ? "PENDING" : "ACTIVE",
                    OffsetDateTime.now());
        }
        Seeds.member(
                pool, account.id(), Seeds.email("seat-off"), "Se", "At", "EDITOR", "SUSPENDED", OffsetDateTime.now());
        String users = base + "/console/accounts/" + account.id() + "/users";
        try (Browser browser = new Browser()) {
            HtmlPage page = signInAtKeycloak(browser.open(users), account.admin(), Seeds.PASSWORD);
            String seats = page.getElementById("seats").asNormalizedText();
            // The editor seeded with the admin, and three more: the suspended one takes no seat.
            assertTrue(seats.contains("Editors: 4 of 100 used, 96 left"), seats);
            assertTrue(seats.contains("Site administrators: 1 of 5 used, 4 left"), seats);
            assertTrue(page.getElementById("invite-seats").asXml().contains("Editors: 4 of 100 used"), "in the dialog");
            assertFalse(seats.contains("EDITOR"), "no code");

            page = browser.open(users + "?lang=fr");
            seats = page.getElementById("seats").asNormalizedText();
            assertTrue(seats.contains("Éditeurs : 4 sur 100 utilisées, 96 restantes"), seats);

            WebResponse preview = browser.send(
                    HttpMethod.POST,
                    base + "/console/accounts/" + account.id() + "/invitations/preview?role=EDITOR",
                    Map.of("Content-Type", "text/plain", "Accept", "application/json", "Origin", base),
                    Seeds.email("seat-new") + "\n" + Seeds.email("seat-new") + "\nnot-an-address");
            assertEquals(200, preview.getStatusCode(), preview.getContentAsString());
            assertTrue(
                    preview.getContentAsString()
                            .contains("\"seats\":{\"role\":\"EDITOR\",\"quota\":100,\"used\":4,\"after\":6}"),
                    "the preview says the seats now and after, from the same state: " + preview.getContentAsString());
        }
    }
}
