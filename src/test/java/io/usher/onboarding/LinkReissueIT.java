package io.usher.onboarding;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.platform.LinkTokens;
import io.usher.testing.Accounts;
import io.usher.testing.Invitees;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mails queued before link tokens were derived (issue 25): the old code wrote each mail's whole
 * link into the outbox, with a random token whose hash the invitation holds. Migration V17 takes
 * those links out of the outbox at once, and LinkReissue gives each mail a new link before the
 * relay sends it; a mail whose link died meanwhile is given up.
 */
@QuarkusTest
class LinkReissueIT extends PlatformAdminTest {

    private static final String MIGRATION = "db/migration/V17__reissue_stored_links.sql";

    @Inject
    LinkReissue reissue;

    /** A token as the old code made them: 32 random bytes, URL-safe base64. */
    private static String oldToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hex(String token) {
        return HexFormat.of().formatHex(LinkTokens.hash(token));
    }

    /**
     * The invitation of a new invitee, its mail sent, turned into what the old code left: the
     * invitation keyed by an old token's hash, and a pending mail carrying that token's whole link.
     */
    private String queuedTheOldWay(String accountId, String accountName, String email, String oldToken) {
        String token = Mailbox.tokenOf(Invitees.invite(smtp, admin, accountId, email, "EDITOR"));
        assertEquals(
                1,
                Sql.update(
                        pool,
                        "UPDATE invitations SET token_hash = decode($3, 'hex')"
                                + " WHERE account_id = $1 AND token_hash = decode($2, 'hex')",
                        java.util.UUID.fromString(accountId),
                        hex(token),
                        hex(oldToken)));
        JsonObject payload = new JsonObject()
                .put("link", ServiceUrl.base() + "/invitations/" + oldToken)
                .put("accountName", accountName)
                .put("inviter", "admin@usher.example")
                .put("expiryDays", 7)
                .putNull("identityProvider");
        // Not due for an hour: the relay leaves it alone until the migration has run.
        return Sql.text(
                pool,
                "INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, next_attempt_at)"
                        + " VALUES ($1, 'INVITATION_PASSWORD', $2, $3, $4, now() + interval '1 hour')"
                        + " RETURNING id::text",
                java.util.UUID.fromString(accountId),
                email,
                payload,
                "old-style:" + oldToken.substring(0, 8) + ":" + email);
    }

    private String migration() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MIGRATION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mailsQueuedWithWholeLinksLoseThemAtOnceAndAreSentWithANewLink() {
        String accountName = Seeds.name("Old links");
        String accountId = Accounts.create(accountName, 2, 10);
        String live = Seeds.email("old-link-live");
        String revoked = Seeds.email("old-link-revoked");
        String liveOld = oldToken();
        String revokedOld = oldToken();
        long liveMail = Long.parseLong(queuedTheOldWay(accountId, accountName, live, liveOld));
        long revokedMail = Long.parseLong(queuedTheOldWay(accountId, accountName, revoked, revokedOld));
        Sql.update(
                pool,
                "UPDATE invitations SET revoked_at = now() WHERE account_id = $1 AND token_hash = decode($2, 'hex')",
                java.util.UUID.fromString(accountId),
                hex(revokedOld));

        pool.query(migration()).execute().await().atMost(Duration.ofSeconds(30));

        for (String token : List.of(liveOld, revokedOld)) {
            assertEquals(
                    0,
                    Sql.count(pool, "SELECT count(*) FROM mail_outbox WHERE strpos(payload::text, $1) > 0", token),
                    "no stored mail holds the old link any more");
        }
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM mail_outbox WHERE status = 'PENDING' AND jsonb_typeof(payload -> 'link') = 'string'"));
        assertEquals(
                "infinity infinity",
                Sql.text(
                        pool,
                        "SELECT string_agg(next_attempt_at::text, ' ') FROM mail_outbox WHERE id = ANY($1)",
                        (Object) new Long[] {liveMail, revokedMail}),
                "held back until their links are reissued");
        OnboardingApiIT.assertLive(liveOld); // the invitation itself is untouched until the new link replaces it

        assertEquals(
                2, reissue.reissueHeld().await().atMost(Duration.ofSeconds(30)).intValue());

        String link = Invitees.latestLink(smtp, live, 2);
        String token = Mailbox.tokenOf(link);
        assertNotEquals(liveOld, token);
        given().get("/api/v1/invitations/" + liveOld).then().statusCode(404);
        OnboardingApiIT.assertLive(token);
        Invitees.acceptThroughApi(token, OnboardingApiIT.PASSWORD).statusCode(200);
        assertEquals("SENT", Sql.text(pool, "SELECT status FROM mail_outbox WHERE id = $1", liveMail));
        assertNull(Sql.text(pool, "SELECT payload ->> 'link' FROM mail_outbox WHERE id = $1", liveMail));

        assertEquals(
                "FAILED",
                Sql.text(pool, "SELECT status FROM mail_outbox WHERE id = $1", revokedMail),
                "a mail whose link died is given up");
        assertNull(Sql.text(pool, "SELECT payload ->> 'link' FROM mail_outbox WHERE id = $1", revokedMail));
        assertEquals(1, Mailbox.to(smtp, revoked).size(), "and never sent");
        assertEquals(0, Sql.count(pool, "SELECT count(*) FROM mail_link_reissues"));
    }
}
