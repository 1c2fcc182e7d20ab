package io.usher.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.usher.testing.Batches;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /accounts with firstAdminEmail: the first SITE_ADMIN is invited like any invitation. */
@QuarkusTest
class FirstAdminIT extends PlatformAdminTest {

    private static Response create(String name, int siteAdmins, String firstAdminEmail) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("defaultLanguage", "en");
        body.put("quotas", Map.of("SITE_ADMIN", siteAdmins, "EDITOR", 5));
        body.put("firstAdminEmail", firstAdminEmail);
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/accounts");
    }

    @Test
    void theFirstAdminIsInvitedAsSiteAdminAndMailed() throws Exception {
        String email = Seeds.email("first-admin");
        JsonPath created = create(Seeds.name("Founded"), 2, "  " + email.toUpperCase() + " ")
                .then()
                .statusCode(201)
                .body("firstAdminBatchId", notNullValue())
                .extract()
                .jsonPath();
        String accountId = created.getString("id");

        JsonPath batch = Batches.awaitCompleted(admin, created.getString("firstAdminBatchId"), Duration.ofSeconds(30));
        assertEquals("SITE_ADMIN", batch.getString("role"));
        assertEquals(1, batch.getInt("counts.INVITED"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/accounts/" + accountId)
                .then()
                .statusCode(200)
                .body("usage.SITE_ADMIN", equalTo(1))
                .body("firstAdminBatchId", nullValue());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && received(email) == 0) {
            Thread.sleep(100);
        }
        assertEquals(1, received(email), "one set-your-password mail");
    }

    @Test
    void anAddressNoInvitationCouldReachCreatesNothing() {
        String name = Seeds.name("Unfounded");
        for (String bad : new String[] {"not-an-address", "", "a@b.example\r\nBcc: x@y.example"}) {
            create(name, 2, bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("firstAdminEmail"));
        }
        create(name, 0, Seeds.email("nowhere"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("quotas.SITE_ADMIN"));
        // Nothing was created: the name is still free.
        create(name, 1, null).then().statusCode(201).body("firstAdminBatchId", nullValue());
    }

    private int received(String email) {
        return (int) Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> recipient(m).equals(email))
                .count();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            return "";
        }
    }
}
