package io.usher.member;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An account administrator's user list, edits and revocations, and the audit log they leave. */
@QuarkusTest
class MemberAdminIT {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static String platform;

    @Inject
    Pool pool;

    @Inject
    MemberDirectory directory;

    @BeforeAll
    static void tokens() {
        platform = Keycloak.platformAdminToken();
    }

    private String users(String accountId) {
        return "/api/v1/accounts/" + accountId + "/users";
    }

    private JsonPath list(String token, String accountId, Map<String, ?> query) {
        return given().auth()
                .oauth2(token)
                .queryParams(query)
                .get(users(accountId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theUserListFiltersPagesAndKeepsANewestFirstOrder() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Listed"), 5, 20));
        String accountId = account.toString();
        String design = Accounts.createTeam(platform, accountId, "Design");
        String[][] people = {
            {"ada", "Ada", "Lovelace", "EDITOR", "ACTIVE"},
            {"grace", "Grace", "Hopper", "EDITOR", "PENDING"},
            {"alan", "Alan", "Turing", "SITE_ADMIN", "ACTIVE"},
            {"edsger", "Edsger", "Dijkstra", "EDITOR", "SUSPENDED"},
            {"barbara", "Barbara", "Liskov", "EDITOR", "ARCHIVED"},
            {"donald", "Donald", "Knuth", "EDITOR", "REMOVED"},
            {"under_score", "Per%cent", "Under_score", "EDITOR", "ACTIVE"},
        };
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < people.length; i++) {
            Seeds.member(
                    pool,
                    account,
                    people[i][0] + "-" + suffix + "@list.example",
                    people[i][1],
                    people[i][2],
                    people[i][3],
                    people[i][4],
                    T0.plusMinutes(i));
        }
        Sql.update(
                pool,
                "INSERT INTO membership_teams (account_id, membership_id, team_id) SELECT m.account_id, m.id, $2"
                        + " FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                        + " WHERE m.account_id = $1 AND p.first_name IN ('Ada', 'Alan')",
                account,
                UUID.fromString(design));

        JsonPath all = list(platform, accountId, Map.of());
        assertEquals(7, all.getInt("total"));
        assertEquals(
                List.of("Per%cent", "Donald", "Barbara", "Edsger", "Alan", "Grace", "Ada"),
                all.getList("items.firstName"));
        assertEquals("seed", all.getString("items[0].invitedBy"));
        assertEquals(List.of("Design"), all.getList("items.find { it.firstName == 'Alan' }.teams.name"));

        assertEquals(
                List.of("Grace"),
                list(platform, accountId, Map.of("status", "PENDING")).getList("items.firstName"));
        assertEquals(
                List.of("Alan"),
                list(platform, accountId, Map.of("role", "SITE_ADMIN")).getList("items.firstName"));
        assertEquals(
                List.of("Alan", "Ada"),
                list(platform, accountId, Map.of("team", design)).getList("items.firstName"));
        assertEquals(
                List.of("Grace"), list(platform, accountId, Map.of("q", "HOPP")).getList("items.firstName"));
        assertEquals(
                List.of("Ada"),
                list(platform, accountId, Map.of("q", "ada-" + suffix)).getList("items.firstName"));
        assertEquals(7, list(platform, accountId, Map.of("q", "@list.example")).getInt("total"));
        // Wildcards are the text's own: "%" and "_" match only themselves.
        assertEquals(
                List.of("Per%cent"),
                list(platform, accountId, Map.of("q", "r%c")).getList("items.firstName"));
        assertEquals(
                List.of("Per%cent"),
                list(platform, accountId, Map.of("q", "r_s")).getList("items.firstName"));
        assertEquals(
                List.of("Ada"),
                list(platform, accountId, Map.of("q", "lovelace", "status", "ACTIVE", "team", design))
                        .getList("items.firstName"));

        // A search reads the same members whichever side it starts from.
        for (MemberFilter filter : List.of(
                new MemberFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("list.example")),
                new MemberFilter(
                        Optional.of(MembershipStatus.ACTIVE), Optional.empty(), Optional.empty(), Optional.of("a")),
                new MemberFilter(
                        Optional.empty(),
                        Optional.of(Role.EDITOR),
                        Optional.of(UUID.fromString(design)),
                        Optional.of("lace")))) {
            for (io.usher.platform.PageQuery page :
                    List.of(new io.usher.platform.PageQuery(0, 2), new io.usher.platform.PageQuery(1, 2))) {
                var byProfile = directory
                        .list(pool, account, filter, page, MemberDirectory.BY_PROFILE)
                        .await()
                        .atMost(java.time.Duration.ofSeconds(10));
                var byMembership = directory
                        .list(pool, account, filter, page, MemberDirectory.BY_MEMBERSHIP)
                        .await()
                        .atMost(java.time.Duration.ofSeconds(10));
                assertEquals(byProfile, byMembership, filter + " " + page.page);
            }
        }

        JsonPath first = list(platform, accountId, Map.of("size", 3, "page", 0));
        JsonPath second = list(platform, accountId, Map.of("size", 3, "page", 1));
        JsonPath third = list(platform, accountId, Map.of("size", 3, "page", 2));
        assertEquals(List.of("Per%cent", "Donald", "Barbara"), first.getList("items.firstName"));
        assertEquals(List.of("Edsger", "Alan", "Grace"), second.getList("items.firstName"));
        assertEquals(List.of("Ada"), third.getList("items.firstName"));
        assertEquals(7, third.getInt("total"));
        assertEquals(
                0,
                list(platform, accountId, Map.of("page", 2_000_000_000, "size", 500))
                        .getList("items")
                        .size());

        for (Map<String, ?> hostile : List.of(
                Map.of("status", "BOGUS"),
                Map.of("role", "OWNER"),
                Map.of("team", "not-a-uuid"),
                Map.of("size", 501),
                Map.of("size", 0),
                Map.of("page", -1),
                Map.of("q", "x".repeat(201)))) {
            given().auth()
                    .oauth2(platform)
                    .queryParams(hostile)
                    .get(users(accountId))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        String foreignTeam = Accounts.createTeam(platform, Accounts.create(Seeds.name("Other"), 1, 1), "Theirs");
        given().auth()
                .oauth2(platform)
                .queryParam("team", foreignTeam)
                .get(users(accountId))
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(platform)
                .get(users(accountId) + "/not-a-uuid")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(platform)
                .get(users(accountId) + "/" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void editsKeepEveryQuotaExactAndEachLeavesAnAuditEntry() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Edits"), 2, 2));
        String accountId = account.toString();
        String admin = Seeds.siteAdmin(pool, account, Seeds.email("admin"));
        String team = Accounts.createTeam(platform, accountId, "Ops");
        UUID editor = Seeds.member(pool, account, Seeds.email("ed"), "Ed", "One", "EDITOR", "ACTIVE", T0);
        UUID second = Seeds.member(pool, account, Seeds.email("ed2"), "Ed", "Two", "EDITOR", "ACTIVE", T0);
        UUID suspended = Seeds.member(pool, account, Seeds.email("sus"), "Sus", "Pended", "EDITOR", "SUSPENDED", T0);

        // EDITOR seats 2 of 2: re-activating the suspended editor, or making the admin role editor, is refused.
        patch(admin, accountId, suspended, Map.of("status", "ACTIVE"))
                .statusCode(409)
                .body("type", containsString("quota-reached"))
                .body("code", equalTo("quota-reached"))
                .body("detail", containsString("role Editor"));
        // SITE_ADMIN seats 1 of 2: promoting an editor fits; a second promotion does not.
        patch(admin, accountId, editor, Map.of("role", "SITE_ADMIN"))
                .statusCode(200)
                .body("role", equalTo("SITE_ADMIN"));
        patch(admin, accountId, second, Map.of("role", "SITE_ADMIN"))
                .statusCode(409)
                .body("type", containsString("quota-reached"));
        // A freed seat is taken again.
        patch(admin, accountId, suspended, Map.of("status", "ACTIVE"))
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        assertEquals(
                "2/2",
                Sql.text(pool, "SELECT seats_site_admin || '/' || seats_editor FROM accounts WHERE id = $1", account));

        patch(admin, accountId, second, Map.of("status", "PENDING"))
                .statusCode(409)
                .body("code", equalTo("status-not-allowed"))
                // The statuses as words, never as codes or a Java list.
                .body("detail", not(containsString("[")))
                .body("detail", containsString("Suspended, Archived or Removed"));
        patch(admin, accountId, second, Map.of("status", "ARCHIVED", "teams", List.of(team)))
                .statusCode(200)
                .body("status", equalTo("ARCHIVED"))
                .body("teams.name", contains("Ops"));
        String foreignTeam = Accounts.createTeam(platform, Accounts.create(Seeds.name("Foreign"), 1, 1), "Theirs");
        patch(admin, accountId, second, Map.of("teams", List.of(foreignTeam)))
                .statusCode(400)
                .body("errors.field", hasItem("teams"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"role\": \"OWNER\"}")
                .patch(users(accountId) + "/" + second)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"colour\": \"blue\"}")
                .patch(users(accountId) + "/" + second)
                .then()
                .statusCode(400);
        String adminId = Sql.text(
                pool,
                "SELECT p.id FROM profiles p JOIN memberships m ON m.profile_id = p.id"
                        + " WHERE m.account_id = $1 AND p.first_name = 'Test'",
                account);
        patch(admin, accountId, UUID.fromString(adminId), Map.of("role", "EDITOR"))
                .statusCode(409)
                .body("detail", containsString("their own"));

        JsonPath audit = given().auth()
                .oauth2(admin)
                .queryParam("size", 10)
                .get("/api/v1/accounts/" + accountId + "/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of(
                        "member.teams-changed",
                        "member.status-changed",
                        "member.status-changed",
                        "member.role-changed",
                        // The team the test made for the member is audited too (team.* actions).
                        "team.created"),
                audit.getList("items.action"));
        assertEquals("SUSPENDED", audit.getString("items[2].details.before.status"));
        assertEquals("ACTIVE", audit.getString("items[2].details.after.status"));
        assertEquals("EDITOR", audit.getString("items[3].details.before.role"));
        assertEquals(5, audit.getInt("total"));
    }

    @Test
    void revokingRemovesTheMemberFreesTheSeatAndRefusesTheirNextRequestOnlyHere() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Revokes"), 2, 5));
        UUID other = UUID.fromString(Accounts.create(Seeds.name("Stays"), 2, 5));
        String email = Seeds.email("revoked");
        String token = Seeds.siteAdmin(pool, account, email);
        Seeds.member(pool, other, email, "SITE_ADMIN", "ACTIVE");
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        given().auth().oauth2(token).get("/api/v1/accounts/" + account).then().statusCode(200);

        given().auth()
                .oauth2(platform)
                .delete(users(account.toString()) + "/" + userId)
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(platform)
                .delete(users(account.toString()) + "/" + userId)
                .then()
                .statusCode(204);
        given().auth().oauth2(token).get("/api/v1/accounts/" + account).then().statusCode(404);
        given().auth().oauth2(token).get(users(account.toString())).then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/accounts/" + other).then().statusCode(200);
        given().auth()
                .oauth2(platform)
                .get(users(account.toString()) + "/" + userId)
                .then()
                .statusCode(200)
                .body("status", equalTo("REMOVED"));
        given().auth()
                .oauth2(platform)
                .get("/api/v1/accounts/" + account)
                .then()
                .body("usage.SITE_ADMIN", equalTo(0));
        given().auth()
                .oauth2(platform)
                .queryParam("size", 1)
                .get("/api/v1/accounts/" + account + "/audit")
                .then()
                .body("items[0].action", equalTo("member.removed"))
                .body("items[0].subject", equalTo(email))
                .body("items[0].actor", equalTo(Keycloak.PLATFORM_ADMIN));
        // Re-admitting a removed member is a status change, under the quota like any other.
        given().auth()
                .oauth2(platform)
                .contentType(ContentType.JSON)
                .body(Map.of("status", "ACTIVE"))
                .patch(users(account.toString()) + "/" + userId)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        given().auth().oauth2(token).get("/api/v1/accounts/" + account).then().statusCode(200);
    }

    private io.restassured.response.ValidatableResponse patch(
            String token, String accountId, UUID userId, Map<String, ?> body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .patch(users(accountId) + "/" + userId)
                .then()
                .contentType(containsString("json"));
    }
}
