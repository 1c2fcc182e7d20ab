package io.usher.mail;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationMailIT extends PlatformAdminTest {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/invitations/([A-Za-z0-9_-]{43})");

    private List<MimeMessage> to(String email) {
        return Mailbox.to(smtp, email);
    }

    private List<MimeMessage> awaitMail(String email, Duration within) {
        return Mailbox.await(smtp, email, 1, within);
    }

    private static String textOf(MimeMessage message) {
        return Mailbox.textOf(message);
    }

    private String post(String accountId, String body) {
        return Batches.postLines(admin, accountId, body, "EDITOR");
    }

    @Test
    void eachSuccessSendsItsBilingualEmailAndTheOthersSendNone() throws Exception {
        String accountId = Accounts.create(Seeds.name("Mailed"), 2, 10);
        String other = Accounts.create(Seeds.name("MailedElsewhere"), 2, 10);
        String ssoDomain = Accounts.newSsoDomain("mail", "entra");
        String fresh = Seeds.email("fresh-mail");
        String sso = "someone@" + ssoDomain;
        String existing = Seeds.email("existing-mail");
        Seeds.member(pool, UUID.fromString(other), existing, "EDITOR", "ACTIVE");
        String member = Seeds.email("member-mail");
        Seeds.member(pool, UUID.fromString(accountId), member, "EDITOR", "ACTIVE");

        String batchId = post(accountId, String.join("\n", fresh, sso, existing, member, "broken@"));
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));

        MimeMessage password = awaitMail(fresh, Duration.ofSeconds(20)).get(0);
        String body = textOf(password);
        assertTrue(password.getSubject().contains("Usher"), password.getSubject());
        assertTrue(body.contains("choose your password"), body);
        assertTrue(body.contains("choisissez votre mot de passe"), body);
        assertTrue(body.indexOf("choose your password") < body.indexOf("choisissez votre mot de passe"));
        assertTrue(body.contains("expires in 7 days"), body);
        assertTrue(body.contains("expire dans 7 jours"), body);
        Matcher link = LINK.matcher(body);
        assertTrue(link.find(), body);
        assertTrue(link.group().startsWith("http://127.0.0.1:8081/invitations/"), link.group());
        byte[] hash = io.usher.platform.LinkTokens.hash(link.group(1));
        long stored = pool.preparedQuery("SELECT count(*) FROM invitations WHERE token_hash = decode($1, 'hex')")
                .execute(Tuple.of(java.util.HexFormat.of().formatHex(hash)))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
        assertEquals(1, stored, "only the token's hash is stored");

        String ssoBody = textOf(awaitMail(sso, Duration.ofSeconds(20)).get(0));
        assertTrue(ssoBody.contains("company"), ssoBody);
        assertTrue(ssoBody.contains("entreprise"), ssoBody);
        assertTrue(LINK.matcher(ssoBody).find(), ssoBody);

        MimeMessage added = awaitMail(existing, Duration.ofSeconds(20)).get(0);
        String addedBody = textOf(added);
        assertTrue(addedBody.contains("Platform Admin added you to the account"), addedBody);
        assertTrue(addedBody.contains("vous a ajouté au compte"), addedBody);

        Thread.sleep(1000);
        assertEquals(0, to(member).size());
        assertEquals(1, to(fresh).size());
        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .body("items.delivery", org.hamcrest.Matchers.contains("SENT", "SENT", "SENT", null, null));
        long links = pool.preparedQuery("SELECT count(*) FROM mail_outbox WHERE account_id = $1 AND payload ? 'link'")
                .execute(Tuple.of(UUID.fromString(accountId)))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
        assertEquals(0, links, "a sent mail's link is erased from the outbox");
    }

    /**
     * The outage outlasts every mail's back-off schedule (eight attempts, 0.2 s doubling to 1 s, in
     * tests): counted per mail, the attempts would have run out and the mails been given up.
     */
    @Test
    void mailsWaitWhileTheServerIsDownAndAreEachDeliveredOnceWhenItReturns() throws Exception {
        String accountId = Accounts.create(Seeds.name("Outage"), 1, 50);
        String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> prefix + "-" + i + "@outage.example")
                .toList();
        smtp.stop();
        try {
            String batchId = post(accountId, String.join("\n", emails));
            Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
            Thread.sleep(8000);
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                    .then()
                    .body("items.delivery", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("PENDING")));
            assertEquals(
                    "PENDING/0/20",
                    outboxState(prefix),
                    "an unreachable server uses up no mail's attempts (status/most attempts/mails)");
        } finally {
            smtp.start();
        }
        for (String email : emails) {
            assertEquals(1, awaitMail(email, Duration.ofSeconds(30)).size(), email);
        }
        Thread.sleep(1500);
        String counts = emails.stream().map(e -> e + "=" + to(e).size()).collect(Collectors.joining(","));
        assertTrue(emails.stream().allMatch(e -> to(e).size() == 1), counts);
        assertEquals("SENT/1/20", outboxState(prefix));
    }

    /**
     * While mails wait for the SMTP server, the database holds what is needed to derive their links
     * (a seed) but no token: a copy of every table opens no page. Once the server is back, the
     * mailed links work.
     */
    @Test
    void noTableHoldsAUsableTokenWhileMailsWaitAndTheMailedLinksWorkAfterwards() throws Exception {
        String accountId = Accounts.create(Seeds.name("TokensAtRest"), 1, 10);
        String prefix = "at-rest-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> prefix + "-" + i + "@rest.example")
                .toList();
        String dump;
        smtp.stop();
        try {
            String batchId = post(accountId, String.join("\n", emails));
            Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
            // Long enough for the relay to meet the outage and drop its pooled connections.
            Thread.sleep(3000);
            dump = everyStoredText();
        } finally {
            smtp.start();
        }
        for (String email : emails) {
            String link =
                    Mailbox.linkIn(awaitMail(email, Duration.ofSeconds(30)).get(0));
            String token = Mailbox.tokenOf(link);
            assertFalse(dump.contains(token), "a stored column holds the token mailed to " + email);
            given().get("/api/v1/invitations/" + token).then().statusCode(200);
        }
        assertFalse(everyStoredText()
                .contains(Mailbox.tokenOf(Mailbox.linkIn(to(emails.get(0)).get(0)))));
    }

    /** Every value of every column of every table in the service's schema, as text. */
    private String everyStoredText() {
        StringBuilder dump = new StringBuilder();
        List<String> tables = pool
                .query("SELECT quote_ident(table_name) FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .stream()
                .map(row -> row.getString(0))
                .toList();
        for (String table : tables) {
            pool.query("SELECT t::text FROM " + table + " t")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(60))
                    .forEach(row -> dump.append(row.getString(0)).append('\n'));
        }
        return dump.toString();
    }

    private String outboxState(String recipientPrefix) {
        return pool.preparedQuery("SELECT string_agg(DISTINCT status, ',') || '/' || max(attempts) || '/' || count(*)"
                        + " FROM mail_outbox WHERE recipient LIKE $1")
                .execute(Tuple.of(recipientPrefix + "-%"))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getString(0);
    }
}
