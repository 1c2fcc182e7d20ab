package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.testing.Accounts;
import io.usher.testing.Browser;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * Who a token is (issue 12, item 6), against the real Keycloak: a profile belongs to the sign-in
 * that first claimed it, found by subject afterwards; an address the identity provider does not
 * vouch for, or one already claimed by another sign-in, reaches nothing.
 */
@QuarkusTest
class IdentityBindingIT {

    private static final String PASSWORD = "Binding-pass-7";

    @InjectSmtpServer
    GreenMail smtp;

    @Inject
    Pool pool;

    private String profileColumn(String column, String email) {
        return Sql.text(pool, "SELECT " + column + " FROM profiles WHERE email = $1", email);
    }

    /** A new account's SITE_ADMIN invitation, mailed: the account, the invitee's address and the link. */
    private record Invited(String accountId, String email, String link) {}

    private Invited invite(String accountName, String person) {
        String accountId = Accounts.create(Seeds.name(accountName), 2, 10);
        String email = Seeds.email(person);
        return new Invited(
                accountId, email, Invitees.invite(smtp, Keycloak.platformAdminToken(), accountId, email, "SITE_ADMIN"));
    }

    /** The status answered to the invitation's acceptance through the API, with a right form. */
    private static int acceptStatus(String token) {
        return given().contentType(ContentType.JSON)
                .body(OnboardingApiIT.acceptance())
                .post("/api/v1/invitations/" + token + "/accept")
                .then()
                .extract()
                .statusCode();
    }

    /** The token reaches neither the person's own page nor the account: a 403 that says why. */
    private static void assertRefusedEverywhere(String token, String accountId, String why) {
        given().auth()
                .oauth2(token)
                .get("/api/v1/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString(why));
        assertEquals(403, accountUsersStatus(token, accountId));
    }

    private static int accountUsersStatus(String token, String accountId) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/accounts/" + accountId + "/users")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void aStrangerWhoTakesAnInviteesAddressReachesNothingAndTheInviteeKeepsTheirProfile() {
        Invited invited = invite("Binding", "ada");
        String accountId = invited.accountId();
        String invitee = invited.email();

        // Bob, a person of the realm, sets his email to the invitee's address; nobody verifies it.
        // (His user name follows: the realm uses email addresses as user names.)
        String bob = Seeds.email("bob");
        String bobId = Keycloak.createUser(bob, PASSWORD);
        Keycloak.changeEmail(bobId, invitee, false);
        String bobToken = Keycloak.token(invitee, PASSWORD);

        assertRefusedEverywhere(bobToken, accountId, "not verified");
        try (Browser browser = new Browser()) {
            HtmlPage refused = signInAtKeycloak(browser.open(ServiceUrl.base() + "/signin"), invitee, PASSWORD);
            assertEquals(403, status(refused), refused.asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("has not verified"), refused.asNormalizedText());
        }
        assertEquals("IN_PROGRESS", profileColumn("status", invitee));
        assertNull(profileColumn("idp_subject", invitee));
        assertEquals(
                "PENDING",
                Sql.text(
                        pool,
                        "SELECT m.status FROM memberships m JOIN profiles p ON p.id = m.profile_id WHERE p.email = $1",
                        invitee));

        // The invitee's password is never given to the person who merely carries the address.
        String token = Mailbox.tokenOf(invited.link());
        assertNotEquals(200, acceptStatus(token));
        assertEquals(200, Keycloak.signInStatus(invitee, PASSWORD), "Bob's own password still works");
        assertNull(profileColumn("idp_subject", invitee));
        OnboardingApiIT.assertLive(token);

        // Once Bob's address is his own again, the invitee sets a password and signs in: bound to their subject.
        Keycloak.changeEmail(bobId, bob, true);
        String inviteeToken = OnboardingApiIT.acceptAndSignIn(token, invitee);
        String inviteeId = Keycloak.userId(invitee);
        assertEquals(inviteeId, profileColumn("idp_subject", invitee));
        assertNull(profileColumn("idp_alias", invitee));
        assertEquals(200, accountUsersStatus(inviteeToken, accountId));

        // Bound, the invitee is found by their subject even when the provider no longer vouches for the address.
        Keycloak.changeEmail(inviteeId, invitee, false);
        String unverifiedToken = Keycloak.token(invitee, OnboardingApiIT.PASSWORD);
        given().auth().oauth2(unverifiedToken).get("/api/v1/me").then().statusCode(200);
        assertEquals(200, accountUsersStatus(unverifiedToken, accountId));
    }

    @Test
    void anotherSubjectPresentingABoundProfilesAddressIsRefusedEvenVerified() {
        Invited invited = invite("Bound", "grace");
        String accountId = invited.accountId();
        String invitee = invited.email();
        OnboardingApiIT.acceptAndSignIn(Mailbox.tokenOf(invited.link()), invitee);
        String inviteeId = Keycloak.userId(invitee);
        assertEquals(inviteeId, profileColumn("idp_subject", invitee));

        // The invitee's address moves to another person of the realm, verified this time.
        String elsewhere = Seeds.email("grace-moved");
        Keycloak.changeEmail(inviteeId, elsewhere, true);
        String mallory = Seeds.email("mallory");
        String malloryId = Keycloak.createUser(mallory, PASSWORD);
        Keycloak.changeEmail(malloryId, invitee, true);
        String malloryToken = Keycloak.token(invitee, PASSWORD);

        assertRefusedEverywhere(malloryToken, accountId, "another person");
        assertEquals(inviteeId, profileColumn("idp_subject", invitee));

        // The invitee is still who they were: found by subject, whatever address their token carries now.
        String inviteeToken = Keycloak.token(elsewhere, OnboardingApiIT.PASSWORD);
        given().auth()
                .oauth2(inviteeToken)
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("email", equalTo(invitee))
                .body("memberships[0].accountId", equalTo(accountId));
        assertEquals(200, accountUsersStatus(inviteeToken, accountId));
    }

    @Test
    void aCompanyProviderClaimsNoAddressOutsideItsDomainsNorGetsItsPassword() {
        Invited invited = invite("Broker", "linus");
        String accountId = invited.accountId();
        String invitee = invited.email();

        // A company's provider, brokered into the platform realm, asserts the invitee's address.
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String alias = "rogue-" + suffix;
        Keycloak.createCompanyProvider("rogue-corp-" + suffix, alias, invitee, "Rogue", "Person", PASSWORD);
        try (Browser browser = new Browser()) {
            HtmlPage companyLogin = browser.open(ServiceUrl.base() + "/signin?kc_idp_hint=" + alias + "&login_hint="
                    + URLEncoder.encode(invitee, StandardCharsets.UTF_8));
            assertTrue(
                    companyLogin.getUrl().toString().contains("/realms/rogue-corp-" + suffix + "/"),
                    companyLogin.getUrl().toString());
            HtmlPage refused = signInAtKeycloak(companyLogin, invitee, PASSWORD);
            assertEquals("/signin", path(refused), refused.asNormalizedText());
            assertEquals(403, status(refused), refused.asNormalizedText());
            assertTrue(
                    refused.asNormalizedText().contains("identity provider of its domain"), refused.asNormalizedText());
        }
        assertNull(profileColumn("idp_subject", invitee));
        assertEquals("IN_PROGRESS", profileColumn("status", invitee));

        // The person the rogue provider made in the platform realm is not given the invitee's password.
        String token = Mailbox.tokenOf(invited.link());
        assertNotEquals(200, acceptStatus(token));
        assertTrue(!Keycloak.credentialTypes(invitee).contains("password"));
        assertNull(profileColumn("idp_subject", invitee));
    }
}
