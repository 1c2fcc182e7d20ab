package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation, route by route (API.md), with real Keycloak tokens: an account administrator
 * reaches only their own account — another account's ids answer 404 exactly like ids that do not
 * exist — platform routes answer 403, and an EDITOR gets 403 on their own account's administration.
 */
@QuarkusTest
class IsolationIT {

    @Inject
    Pool pool;

    /** One call: method, path with {placeholders}, an optional body and its type. */
    record Route(String method, String path, String contentType, String body) {

        static Route of(String method, String path) {
            return new Route(method, path, null, null);
        }

        static Route json(String method, String path, String body) {
            return new Route(method, path, "application/json", body);
        }

        static Route text(String method, String path, String body) {
            return new Route(method, path, "text/plain", body);
        }

        Response call(String token, Map<String, String> ids) {
            String resolved = path;
            for (Map.Entry<String, String> id : ids.entrySet()) {
                resolved = resolved.replace("{" + id.getKey() + "}", id.getValue());
            }
            RequestSpecification request =
                    given().auth().oauth2(token).redirects().follow(false);
            if (body != null) {
                request = request.contentType(contentType).body(body);
            }
            return request.request(method, resolved);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every route of API.md that takes an account, team, user or batch id. */
    static final List<Route> SCOPED = List.of(
            Route.of("GET", "/api/v1/accounts/{account}"),
            Route.of("GET", "/api/v1/accounts/{account}/teams"),
            Route.of("GET", "/api/v1/accounts/{account}/teams/{team}"),
            Route.json("POST", "/api/v1/accounts/{account}/teams", "{\"name\": \"Intruders\"}"),
            Route.of("DELETE", "/api/v1/accounts/{account}/teams/{team}"),
            Route.text("POST", "/api/v1/accounts/{account}/invitations?role=EDITOR", "someone@intruder.example"),
            Route.json(
                    "POST",
                    "/api/v1/accounts/{account}/invitations",
                    "{\"emails\": [\"someone@intruder.example\"], \"role\": \"EDITOR\"}"),
            Route.text(
                    "POST", "/api/v1/accounts/{account}/invitations/preview?role=EDITOR", "someone@intruder.example"),
            Route.of("GET", "/api/v1/accounts/{account}/invitation-batches"),
            Route.of("GET", "/api/v1/accounts/{account}/users"),
            Route.of("GET", "/api/v1/accounts/{account}/users?team={team}"),
            Route.of("GET", "/api/v1/accounts/{account}/users/{user}"),
            Route.json("PATCH", "/api/v1/accounts/{account}/users/{user}", "{\"role\": \"SITE_ADMIN\"}"),
            Route.of("POST", "/api/v1/accounts/{account}/users/{user}/resend-invitation"),
            Route.of("POST", "/api/v1/accounts/{account}/users/{user}/password-reset"),
            Route.of("DELETE", "/api/v1/accounts/{account}/users/{user}"),
            Route.of("GET", "/api/v1/accounts/{account}/audit"),
            Route.of("GET", "/api/v1/invitation-batches/{batch}"),
            Route.of("GET", "/api/v1/invitation-batches/{batch}/outcomes"),
            Route.of("GET", "/api/v1/invitation-batches/{batch}/outcomes?after=0&limit=10"),
            Route.of("GET", "/api/v1/invitation-batches/{batch}/events"));

    /** Routes only platform administrators may call. */
    static final List<Route> PLATFORM = List.of(
            Route.of("GET", "/api/v1/accounts"),
            Route.json(
                    "POST",
                    "/api/v1/accounts",
                    "{\"name\": \"Mine\", \"defaultLanguage\": \"en\", \"quotas\": {\"SITE_ADMIN\": 1, \"EDITOR\": 1}}"),
            Route.json("PUT", "/api/v1/accounts/{account}/quotas", "{\"SITE_ADMIN\": 99, \"EDITOR\": 99}"),
            Route.of("GET", "/api/v1/admin/users"),
            Route.of("GET", "/api/v1/admin/users/{user}"),
            Route.of("POST", "/api/v1/admin/users/{user}/deactivate"),
            Route.of("GET", "/api/v1/admin/sso-domains"),
            Route.json("PUT", "/api/v1/admin/sso-domains/intruder.example", "{\"identityProvider\": \"mine\"}"),
            Route.of("DELETE", "/api/v1/admin/sso-domains/intruder.example"));

    @Test
    void anAccountAdministratorReachesOnlyTheirOwnAccount() {
        String platform = Keycloak.platformAdminToken();
        UUID mine = UUID.fromString(Accounts.create(Seeds.name("Mine"), 3, 10));
        UUID theirs = UUID.fromString(Accounts.create(Seeds.name("Theirs"), 3, 10));
        String admin = Seeds.siteAdmin(pool, mine, Seeds.email("isolated-admin"));
        String myTeam = Accounts.createTeam(platform, mine.toString(), "Mine");
        String myUser = Seeds.member(
                        pool,
                        mine,
                        Seeds.email("my-user"),
                        "My",
                        "User",
                        "EDITOR",
                        "PENDING",
                        java.time.OffsetDateTime.now())
                .toString();
        String theirTeam = Accounts.createTeam(platform, theirs.toString(), "Theirs");
        String theirUser = Seeds.member(
                        pool,
                        theirs,
                        Seeds.email("their-user"),
                        "Their",
                        "User",
                        "EDITOR",
                        "PENDING",
                        java.time.OffsetDateTime.now())
                .toString();
        String theirBatch = Batches.postLines(platform, theirs.toString(), Seeds.email("their-invitee"), "EDITOR");
        Batches.awaitCompleted(platform, theirBatch, java.time.Duration.ofSeconds(30));
        long theirState = state(theirs);

        List<String> failures = new ArrayList<>();
        String nowhere = UUID.randomUUID().toString();
        List<Map<String, String>> foreign = List.of(
                // another account's ids throughout
                Map.of("account", theirs.toString(), "team", theirTeam, "user", theirUser, "batch", theirBatch),
                // my account, another account's team and user
                Map.of("account", mine.toString(), "team", theirTeam, "user", theirUser, "batch", theirBatch));
        Map<String, String> missing = Map.of("account", nowhere, "team", nowhere, "user", nowhere, "batch", nowhere);
        Map<String, String> missingHere =
                Map.of("account", mine.toString(), "team", nowhere, "user", nowhere, "batch", nowhere);
        for (Route route : SCOPED) {
            for (Map<String, String> ids : foreign) {
                boolean mineAccount = ids.get("account").equals(mine.toString());
                if (mineAccount
                        && !(route.path().contains("{team}") || route.path().contains("{user}"))) {
                    continue; // the route names nothing foreign once the account is mine
                }
                // Compared with the same route for ids that exist nowhere: no difference to probe.
                Response absent = route.call(admin, mineAccount ? missingHere : missing);
                Response answer = route.call(admin, ids);
                if (answer.statusCode() != 404
                        || absent.statusCode() != 404
                        || !answer.contentType().startsWith("application/problem+json")
                        || !answer.jsonPath()
                                .getString("detail")
                                .equals(absent.jsonPath().getString("detail"))) {
                    failures.add(route + " " + ids + " -> " + answer.statusCode() + " " + answer.asString()
                            + " (missing id -> " + absent.statusCode() + " " + absent.asString() + ")");
                }
            }
        }
        for (Route route : PLATFORM) {
            Response answer = route.call(admin, Map.of("account", theirs.toString(), "user", theirUser));
            if (answer.statusCode() != 403) {
                failures.add(route + " -> " + answer.statusCode() + " " + answer.asString());
            }
        }
        // A team of another account in an invitation of my own is the client's mistake (API.md: 400).
        Response foreignTeamInvite = given().auth()
                .oauth2(admin)
                .contentType("text/plain")
                .queryParam("role", "EDITOR")
                .queryParam("team", theirTeam)
                .body(Seeds.email("x"))
                .post("/api/v1/accounts/" + mine + "/invitations");
        if (foreignTeamInvite.statusCode() != 400) {
            failures.add("POST invitations with a foreign team -> " + foreignTeamInvite.statusCode());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(theirState, state(theirs), "the other account changed");

        // The same routes work on my own account's ids (so the 404s above are about ownership).
        Map<String, String> own = Map.of("account", mine.toString(), "team", myTeam, "user", myUser);
        for (String path : List.of(
                "/api/v1/accounts/{account}",
                "/api/v1/accounts/{account}/users/{user}",
                "/api/v1/accounts/{account}/teams/{team}",
                "/api/v1/accounts/{account}/audit")) {
            assertEquals(200, Route.of("GET", path).call(admin, own).statusCode(), path);
        }
    }

    @Test
    void anEditorIsRefusedTheAdministrationOfTheirOwnAccount() {
        UUID mine = UUID.fromString(Accounts.create(Seeds.name("Editors"), 3, 10));
        String editor = Seeds.person(pool, mine, Seeds.email("editor"), "EDITOR", Seeds.PASSWORD);
        String team = Accounts.createTeam(Keycloak.platformAdminToken(), mine.toString(), "Any");
        String user = Seeds.member(
                        pool,
                        mine,
                        Seeds.email("colleague"),
                        "Col",
                        "League",
                        "EDITOR",
                        "ACTIVE",
                        java.time.OffsetDateTime.now())
                .toString();
        List<String> failures = new ArrayList<>();
        for (Route route : SCOPED) {
            if (route.path().contains("{batch}")) {
                continue;
            }
            Response answer = route.call(editor, Map.of("account", mine.toString(), "team", team, "user", user));
            if (answer.statusCode() != 403) {
                failures.add(route + " -> " + answer.statusCode() + " " + answer.asString());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        given().auth().oauth2(editor).get("/api/v1/me").then().statusCode(200);
    }

    /** A fingerprint of what another account holds: its teams, members and invitations. */
    private long state(UUID account) {
        return Sql.count(
                pool,
                "SELECT (SELECT count(*) FROM teams WHERE account_id = $1) * 1000000"
                        + " + (SELECT count(*) FROM memberships WHERE account_id = $1 AND status = 'PENDING') * 1000"
                        + " + (SELECT count(*) FROM invitation_batches WHERE account_id = $1)",
                account);
    }
}
