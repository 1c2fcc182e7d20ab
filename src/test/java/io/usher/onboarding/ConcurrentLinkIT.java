package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One link sent twice at once (issue 25): a double-click, or a form sent from two tabs, with two
 * different passwords. Exactly one request spends the link, the other is told the link is used,
 * and the password that works afterwards, at the real Keycloak, is the one of the request that
 * succeeded. Three rounds each, since before the fix the wrong password stayed only when the
 * losing request's call to Keycloak ended last.
 */
@QuarkusTest
class ConcurrentLinkIT extends PlatformAdminTest {

    private static final int ROUNDS = 3;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The two passwords' requests, sent together; the status each was answered with. */
    private static int[] sendTogether(Function<String, HttpRequest> request, String... passwords) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (String password : passwords) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return HTTP.send(request.apply(password), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();
        return answers.stream().mapToInt(CompletableFuture::join).toArray();
    }

    private static HttpRequest post(String path, JsonObject body) {
        return HttpRequest.newBuilder(URI.create(ServiceUrl.base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build();
    }

    /** Exactly one request succeeded (with {@code ok}), the other found the link used: the winner's index. */
    private static int oneWinner(int[] statuses, int ok) {
        assertTrue(
                (statuses[0] == ok && statuses[1] == 404) || (statuses[0] == 404 && statuses[1] == ok),
                "one request spends the link, the other finds it used: " + statuses[0] + ", " + statuses[1]);
        return statuses[0] == ok ? 0 : 1;
    }

    private static void assertOnlyPasswordIs(String email, String[] passwords, int winner) {
        assertEquals(200, Keycloak.signInStatus(email, passwords[winner]), "the winner's password works");
        assertTrue(
                Keycloak.signInStatus(email, passwords[1 - winner]) >= 400,
                "the losing request's password did not replace the winner's");
    }

    @Test
    void twoAcceptancesOfOneInvitationAtOnceSetOnePasswordTheWinners() {
        String accountId = Accounts.create(Seeds.name("Double accept"), 2, 10);
        for (int round = 0; round < ROUNDS; round++) {
            String email = Seeds.email("double-accept");
            String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));
            String[] passwords = {"First-pass-" + round + "1", "Second-pass-" + round + "2"};

            int[] statuses = sendTogether(
                    password -> post(
                            "/api/v1/invitations/" + token + "/accept",
                            new JsonObject()
                                    .put("firstName", "Ada")
                                    .put("lastName", "Lovelace")
                                    .put("password", password)
                                    .put("language", "en")
                                    .put("acceptTerms", true)),
                    passwords);
            int winner = oneWinner(statuses, 200);
            assertOnlyPasswordIs(email, passwords, winner);
            assertEquals(
                    1,
                    Sql.count(
                            pool,
                            "SELECT count(*) FROM audit_events WHERE action = 'invitation.accepted' AND subject = $1",
                            email));
        }
    }

    @Test
    void twoResetsOfOneLinkAtOnceSetOnePasswordTheWinners() {
        String accountId = Accounts.create(Seeds.name("Double reset"), 2, 10);
        for (int round = 0; round < ROUNDS; round++) {
            String email = Seeds.email("double-reset");
            String invitation = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));
            OnboardingApiIT.acceptAndSignIn(invitation, email);
            String userId = Sql.text(pool, "SELECT id FROM profiles WHERE email = $1", email);
            given().auth()
                    .oauth2(admin)
                    .post("/api/v1/accounts/" + accountId + "/users/" + userId + "/password-reset")
                    .then()
                    .statusCode(202);
            String token = Mailbox.tokenOf(Invitees.latestLink(smtp, email, 2));
            String[] passwords = {"First-reset-" + round + "1", "Second-reset-" + round + "2"};

            int[] statuses = sendTogether(
                    password -> post("/api/v1/password-resets/" + token, new JsonObject().put("password", password)),
                    passwords);
            int winner = oneWinner(statuses, 204);
            assertOnlyPasswordIs(email, passwords, winner);
        }
    }
}
