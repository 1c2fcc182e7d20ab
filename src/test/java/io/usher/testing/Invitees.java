package io.usher.testing;

import static io.restassured.RestAssured.given;

import com.icegreen.greenmail.util.GreenMail;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;

/** People invited through the real pipeline, and the links their mails bring them. */
public final class Invitees {

    private Invitees() {}

    /** Invites the address with the role, waits for the batch and the mail; the mail's link. */
    public static String invite(GreenMail smtp, String adminToken, String accountId, String email, String role) {
        int before = Mailbox.to(smtp, email).size();
        String batchId = Batches.postLines(adminToken, accountId, email, role);
        Batches.awaitCompleted(adminToken, batchId, Duration.ofSeconds(30));
        return latestLink(smtp, email, before + 1);
    }

    /** The link of the newest mail to the address, once it has received {@code count} mails. */
    public static String latestLink(GreenMail smtp, String email, int count) {
        List<jakarta.mail.internet.MimeMessage> mails = Mailbox.await(smtp, email, count, Duration.ofSeconds(30));
        return Mailbox.linkIn(mails.get(mails.size() - 1));
    }

    /** Accepts through the API as Ada Lovelace, in English, terms accepted: the answer, to check. */
    public static ValidatableResponse acceptThroughApi(String token, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of(
                        "firstName", "Ada",
                        "lastName", "Lovelace",
                        "password", password,
                        "language", "en",
                        "acceptTerms", true))
                .post("/api/v1/invitations/" + token + "/accept")
                .then();
    }

    /** The set-password page's form, filled as an invitee would, terms accepted. */
    public static HtmlPage fillInvitation(HtmlPage page, String first, String last, String password) {
        Browser.fill(page, "firstName", first);
        Browser.fill(page, "lastName", last);
        Browser.fill(page, "password", password);
        Browser.fill(page, "passwordConfirmation", password);
        Browser.fill(page, "phone", "+1 555 0100");
        Browser.fill(page, "language", "en");
        return Browser.fill(page, "acceptTerms", "true");
    }
}
