package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static io.usher.testing.Browser.click;
import static io.usher.testing.Browser.path;
import static io.usher.testing.Browser.signInAtKeycloak;
import static io.usher.testing.Browser.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Browser;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Invitees;
import io.usher.testing.Keycloak;
import io.usher.testing.Management;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.SseClient;
import java.time.Duration;
import java.util.List;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

/**
 * The main journeys against the packaged application (the jar, or the native executable where
 * one is built with -Dnative), over HTTP only, with the real PostgreSQL, Kafka, Keycloak and SMTP:
 * what a build-time-only mistake (reflection, a template, an initialiser) would break first.
 */
@QuarkusIntegrationTest
class JourneyNativeIT {

    private static final String PASSWORD = "Packaged-pass-9";

    @InjectSmtpServer
    GreenMail smtp;

    @Test
    void aListIsInvitedStreamedReportedMailedAndAccepted() throws Exception {
        String admin = Keycloak.platformAdminToken();
        String accountName = Seeds.name("Packaged");
        String accountId = Accounts.create(accountName, 2, 10);
        String first = Seeds.email("packaged");
        String second = Seeds.email("packaged-two");

        String batchId = Batches.postLines(admin, accountId, first + "\nnot-an-address\n" + second, "SITE_ADMIN");
        JsonPath batch = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(60));
        assertEquals(2, batch.getInt("counts.INVITED"));
        assertEquals(1, batch.getInt("counts.INVALID_EMAIL"));

        // The stream (Kafka records, outcomes written by Jackson by hand) replays every line.
        List<SseClient.Event> events = SseClient.read(
                "/api/v1/invitation-batches/" + batchId + "/events", admin, null, 10, Duration.ofSeconds(30));
        assertEquals(
                List.of("outcome", "outcome", "outcome", "completed"),
                events.stream().map(SseClient.Event::name).toList(),
                events.toString());
        String csv = Batches.csvReport(admin, batchId);
        assertTrue(csv.startsWith("seq,email,outcome,severity,message"), csv);
        assertTrue(csv.contains(first) && csv.contains("INVALID_EMAIL"), csv);

        // The mail (templates, link tokens) brings the invitee to the pages, into Keycloak, then the console.
        String link = Invitees.latestLink(smtp, first, 1);
        try (Browser browser = new Browser()) {
            HtmlPage page = browser.open(link);
            assertEquals(200, status(page));
            assertTrue(page.asNormalizedText().contains(accountName), page.asNormalizedText());
            HtmlPage login = click(Invitees.fillInvitation(page, "Ada", "Packaged", PASSWORD), "Create my account");
            HtmlPage home = signInAtKeycloak(login, first, PASSWORD);
            assertEquals("/welcome", path(home), home.asNormalizedText());
            assertTrue(home.asNormalizedText().contains(accountName), home.asNormalizedText());

            // As the account's administrator now, the console lists the other invitee.
            HtmlPage members = browser.open(ServiceUrl.base() + "/console/accounts/" + accountId + "/users");
            assertEquals(200, status(members));
            assertTrue(members.asNormalizedText().contains(second), members.asNormalizedText());

            HtmlPage french = browser.open(Invitees.latestLink(smtp, second, 1) + "?lang=fr");
            assertTrue(french.asNormalizedText().contains("Créer mon compte"), french.asNormalizedText());
        }
    }

    @Test
    void problemsAndHealthAnswerAsTheContractSays() {
        given().get(Management.url("/q/health/ready")).then().statusCode(200);
        given().get(Management.url("/q/health/live")).then().statusCode(200);
        given().get(Management.url("/q/health/started")).then().statusCode(200);
        given().contentType("text/plain")
                .body("a@b.example")
                .post("/api/v1/accounts/" + java.util.UUID.randomUUID() + "/invitations?role=EDITOR")
                .then()
                .statusCode(401);
        String admin = Keycloak.platformAdminToken();
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"name\": ")
                .post("/api/v1/accounts")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
