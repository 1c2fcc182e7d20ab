package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Accounts;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The invitee's side through the API, against the real Keycloak, PostgreSQL, Kafka and SMTP. */
@QuarkusTest
class OnboardingApiIT extends PlatformAdminTest {

    static final String PASSWORD = "Correct-horse-9";

    static Map<String, Object> acceptance() {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Grace");
        body.put("lastName", "Hopper");
        body.put("password", PASSWORD);
        body.put("phone", "+33 1 23 45 67 89");
        body.put("language", "fr");
        body.put("acceptTerms", true);
        return body;
    }

    static void assertLive(String token) {
        given().get("/api/v1/invitations/" + token).then().statusCode(200);
    }

    static void assertGone(String token) {
        given().get("/api/v1/invitations/" + token)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("Ask an administrator"));
    }

    /** Accepts through the API and signs in once: the person is ACTIVE. Their access token. */
    static String acceptAndSignIn(String token, String email) {
        given().contentType(ContentType.JSON)
                .body(acceptance())
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(200);
        String access = Keycloak.token(email, PASSWORD);
        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(200);
        return access;
    }

    @Test
    void aPasswordInvitationIsAcceptedOnceAndTheFirstSignInActivatesTheMember() {
        String accountId = Accounts.create(Seeds.name("Onboard"), 2, 10);
        String email = Seeds.email("grace");
        String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));

        given().get("/api/v1/invitations/" + token)
                .then()
                .statusCode(200)
                .body("kind", equalTo("PASSWORD"))
                .body("email", equalTo(email))
                .body("expiresAt", containsString("T"));

        Map<String, Object> noTerms = acceptance();
        noTerms.put("acceptTerms", false);
        given().contentType(ContentType.JSON)
                .body(noTerms)
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("acceptTerms"));
        Map<String, Object> weak = acceptance();
        weak.put("password", "short");
        given().contentType(ContentType.JSON)
                .body(weak)
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("password"))
                .body("errors.message", hasItem(containsString("at least 8 characters")));
        assertLive(token);

        given().contentType(ContentType.JSON)
                .body(acceptance())
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(200)
                .body("loginUrl", containsString("/signin?login_hint="));
        assertGone(token);
        given().contentType(ContentType.JSON)
                .body(acceptance())
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(404);
        assertEquals("IN_PROGRESS", Sql.text(pool, "SELECT status FROM profiles WHERE email = $1", email));

        String access = Keycloak.token(email, PASSWORD);
        given().auth()
                .oauth2(access)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("firstName", equalTo("Grace"))
                .body("language", equalTo("fr"))
                .body("phone", equalTo("+33 1 23 45 67 89"))
                .body("memberships[0].accountId", equalTo(accountId))
                .body("memberships[0].status", equalTo("ACTIVE"));
        assertNotNull(Sql.text(pool, "SELECT terms_accepted_at FROM profiles WHERE email = $1", email));
        assertNotNull(Sql.text(pool, "SELECT idp_subject FROM profiles WHERE email = $1", email));
        for (String action : new String[] {"invitation.accepted", "profile.activated", "member.activated"}) {
            assertEquals(
                    1,
                    Sql.count(
                            pool,
                            "SELECT count(*) FROM audit_events WHERE subject = $1 AND action = $2",
                            email,
                            action),
                    action);
        }
        // A second call changes nothing and writes no second entry.
        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(200);
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM audit_events WHERE subject = $1 AND action = 'member.activated'",
                        email));
    }

    @Test
    void hostileFieldsAreRefusedAndNeverSpendTheLink() {
        String accountId = Accounts.create(Seeds.name("Hostile"), 2, 10);
        String email = Seeds.email("hostile");
        String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));
        Map<String, Object> markup = acceptance();
        markup.put("firstName", "<script>alert(1)</script>");
        markup.put("lastName", "Smith\r\nBcc: victim@example.com");
        markup.put("phone", "call me maybe");
        markup.put("language", "de");
        given().contentType(ContentType.JSON)
                .body(markup)
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("firstName"))
                .body("errors.field", hasItem("lastName"))
                .body("errors.field", hasItem("phone"))
                .body("errors.field", hasItem("language"));
        given().contentType(ContentType.JSON)
                .body("{\"firstName\": \"A\", \"unknown\": 1}")
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("password"));
        assertLive(token);
        assertEquals(
                0, Sql.count(pool, "SELECT count(*) FROM profiles WHERE email = $1 AND first_name IS NOT NULL", email));
    }

    @Test
    void forgedTruncatedAndOversizedTokensAnswerOneClearNotFound() {
        String accountId = Accounts.create(Seeds.name("Forged"), 2, 10);
        String real = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, Seeds.email("forged"), "EDITOR"));
        String forged = real.substring(0, 42) + (real.charAt(42) == 'A' ? 'B' : 'A');
        for (String token : new String[] {forged, real.substring(0, 20), "x".repeat(43), "%00", "..%2F..%2Fetc"}) {
            given().get("/api/v1/invitations/" + token).then().statusCode(404).contentType("application/problem+json");
            given().contentType(ContentType.JSON)
                    .body(acceptance())
                    .post("/api/v1/invitations/" + token + "/accept")
                    .then()
                    .statusCode(404);
            given().contentType(ContentType.JSON)
                    .body(Map.of("password", PASSWORD))
                    .post("/api/v1/password-resets/" + token)
                    .then()
                    .statusCode(404);
        }
        int oversized = given().get("/api/v1/invitations/" + "a".repeat(10_000))
                .then()
                .extract()
                .statusCode();
        assertTrue(oversized >= 400 && oversized < 500, "status " + oversized);
        assertLive(real);
    }

    @Test
    void resendKillsTheOldLinkAtOnceAndKeepsRoleAndTeams() {
        String accountId = Accounts.create(Seeds.name("Resend"), 3, 10);
        String team = Accounts.createTeam(admin, accountId, "Design");
        String email = Seeds.email("resent");
        int before = Mailbox.to(smtp, email).size();
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.TEXT)
                .queryParam("role", "SITE_ADMIN")
                .queryParam("team", team)
                .body(email)
                .post("/api/v1/accounts/" + accountId + "/invitations")
                .then()
                .statusCode(202);
        String first = Mailbox.tokenOf(Invitees.latestLink(smtp, email, before + 1));
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);

        given().auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/resend-invitation")
                .then()
                .statusCode(202);
        assertGone(first);
        String second = Mailbox.tokenOf(Invitees.latestLink(smtp, email, before + 2));
        assertNotEquals(first, second);
        given().get("/api/v1/invitations/" + second).then().statusCode(200).body("kind", equalTo("PASSWORD"));
        assertEquals(
                "SITE_ADMIN|PENDING|1",
                Sql.text(
                        pool,
                        "SELECT m.role || '|' || m.status || '|' || (SELECT count(*) FROM membership_teams t"
                                + " WHERE t.membership_id = m.id AND t.team_id = $2) FROM memberships m"
                                + " JOIN profiles p ON p.id = m.profile_id WHERE p.email = $1",
                        email,
                        UUID.fromString(team)));
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM audit_events WHERE subject = $1 AND action = 'member.invitation-resent'",
                        email));

        // Expired: the link is refused like any dead link, and a resend revives the invitation.
        Sql.update(
                pool,
                "UPDATE invitations SET created_at = now() - interval '9 days', expires_at = now() - interval '1 day'"
                        + " WHERE account_id = $1 AND used_at IS NULL AND revoked_at IS NULL",
                UUID.fromString(accountId));
        assertGone(second);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/resend-invitation")
                .then()
                .statusCode(202);
        String third = Mailbox.tokenOf(Invitees.latestLink(smtp, email, before + 3));
        acceptAndSignIn(third, email);
        given().auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/resend-invitation")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .post("/api/v1/accounts/" + accountId + "/users/" + UUID.randomUUID() + "/resend-invitation")
                .then()
                .statusCode(404);
    }

    @Test
    void aPasswordResetHasACooldownAndASingleUseLink() throws InterruptedException {
        String accountId = Accounts.create(Seeds.name("Reset"), 2, 10);
        String email = Seeds.email("reset");
        String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));
        acceptAndSignIn(token, email);
        String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
        String path = "/api/v1/accounts/" + accountId + "/users/" + userId + "/password-reset";
        int mails = Mailbox.to(smtp, email).size();

        given().auth().oauth2(admin).post(path).then().statusCode(202);
        long started = System.nanoTime();
        String retryAfter = given().auth()
                .oauth2(admin)
                .post(path)
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .extract()
                .header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 29 && seconds <= 30, "Retry-After " + retryAfter);

        String link = Invitees.latestLink(smtp, email, mails + 1);
        assertTrue(link.contains("/password-reset/"), link);
        String reset = Mailbox.tokenOf(link);
        given().contentType(ContentType.JSON)
                .body(Map.of("password", "tiny"))
                .post("/api/v1/password-resets/" + reset)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON)
                .body(Map.of("password", "Another-horse-7"))
                .post("/api/v1/password-resets/" + reset)
                .then()
                .statusCode(204);
        given().contentType(ContentType.JSON)
                .body(Map.of("password", "Third-horse-7"))
                .post("/api/v1/password-resets/" + reset)
                .then()
                .statusCode(404);
        Keycloak.token(email, "Another-horse-7");
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM audit_events WHERE subject = $1 AND action = 'member.password-reset'",
                        email));

        long waited = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(Math.max(0, seconds * 1000 - waited));
        given().auth().oauth2(admin).post(path).then().statusCode(202);
    }

    @Test
    void aResetIsRefusedForSsoDomainsAndMembersNotActive() {
        String accountId = Accounts.create(Seeds.name("NoReset"), 2, 10);
        String domain = Accounts.newSsoDomain("corp", "corp");
        String sso = "ada@" + domain;
        Seeds.member(pool, UUID.fromString(accountId), sso, "EDITOR", "ACTIVE");
        String pending = Seeds.email("pending");
        Invitees.invite(smtp, admin, accountId, pending, "EDITOR");
        for (String email : new String[] {sso, pending}) {
            String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
            given().auth()
                    .oauth2(admin)
                    .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/password-reset")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
        }
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM password_resets WHERE account_id = $1",
                        UUID.fromString(accountId)));
    }

    @Test
    void aDeactivatedProfileIsRefused() {
        String accountId = Accounts.create(Seeds.name("Deactivated"), 2, 10);
        String email = Seeds.email("gone");
        String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "SITE_ADMIN"));
        String access = acceptAndSignIn(token, email);
        given().auth()
                .oauth2(access)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200);
        Sql.update(pool, "UPDATE profiles SET status = 'DEACTIVATED', deactivated_at = now() WHERE email = $1", email);
        given().auth().oauth2(access).get("/api/v1/me").then().statusCode(403);
        given().auth()
                .oauth2(access)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(403);
    }

    @Test
    void aSuspendedOrRemovedMembershipIsRefusedAtTheNextRequestAndOtherAccountsAreUntouched() {
        String accountId = Accounts.create(Seeds.name("Suspends"), 2, 10);
        String other = Accounts.create(Seeds.name("Keeps"), 2, 10);
        String email = Seeds.email("suspended");
        String access =
                acceptAndSignIn(Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "SITE_ADMIN")), email);
        given().post("/api/v1/invitations/" + Mailbox.tokenOf(Invitees.invite(smtp, admin, other, email, "SITE_ADMIN"))
                        + "/accept")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(access)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200);
        String membership = "UPDATE memberships m SET status = $3 FROM profiles p WHERE p.id = m.profile_id"
                + " AND p.email = $1 AND m.account_id = $2";
        Sql.update(pool, membership, email, UUID.fromString(accountId), "SUSPENDED");
        given().auth()
                .oauth2(access)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(403);
        Sql.update(pool, membership, email, UUID.fromString(accountId), "REMOVED");
        given().auth()
                .oauth2(access)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(404);
        given().auth().oauth2(access).get("/api/v1/accounts/" + other).then().statusCode(200);
        given().auth()
                .oauth2(access)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("memberships.accountId", org.hamcrest.Matchers.not(hasItem(accountId)))
                .body("memberships.accountId", hasItem(other));
    }

    @Test
    void anExistingUserIsSentToSignInAndAPersonWithoutPasswordIsAskedForOne() {
        String first = Accounts.create(Seeds.name("First"), 2, 10);
        String second = Accounts.create(Seeds.name("Second"), 2, 10);
        String active = Seeds.email("active");
        acceptAndSignIn(Mailbox.tokenOf(Invitees.invite(smtp, admin, first, active, "EDITOR")), active);
        String added = Mailbox.tokenOf(Invitees.invite(smtp, admin, second, active, "EDITOR"));
        given().get("/api/v1/invitations/" + added).then().statusCode(200).body("kind", equalTo("EXISTING_USER"));
        given().contentType(ContentType.JSON)
                .body(acceptance())
                .post("/api/v1/invitations/" + added + "/accept")
                .then()
                .statusCode(409);
        given().post("/api/v1/invitations/" + added + "/accept")
                .then()
                .statusCode(200)
                .body("loginUrl", containsString("login_hint="));
        assertGone(added);

        // Invited by one account, added to another before ever setting a password: either link asks for one.
        String newcomer = Seeds.email("newcomer");
        String firstLink = Mailbox.tokenOf(Invitees.invite(smtp, admin, first, newcomer, "EDITOR"));
        String secondLink = Mailbox.tokenOf(Invitees.invite(smtp, admin, second, newcomer, "EDITOR"));
        given().get("/api/v1/invitations/" + secondLink).then().statusCode(200).body("kind", equalTo("PASSWORD"));
        acceptAndSignIn(secondLink, newcomer);
        assertEquals(
                2,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                                + " WHERE p.email = $1 AND m.status = 'ACTIVE'",
                        newcomer));
        assertGone(firstLink);
    }
}
