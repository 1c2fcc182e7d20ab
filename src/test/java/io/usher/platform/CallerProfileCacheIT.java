package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which profile a token is, is remembered for a few seconds per replica (CallerProfiles); what
 * matters for security — the profile's deactivation, a membership's role — is not, and holds from
 * the very next request even when another replica made the change (here: the database, changed
 * behind this replica's back, so no local invalidation can help).
 */
@QuarkusTest
class CallerProfileCacheIT extends PlatformAdminTest {

    private static final Pattern HITS = Pattern.compile("(?m)^cache_gets_total\\{([^}]*)} ([0-9.eE+-]+)");

    private static double cacheHits() {
        Matcher m = HITS.matcher(Metrics.scrape());
        while (m.find()) {
            if (m.group(1).contains("cache=\"caller-profiles\"") && m.group(1).contains("result=\"hit\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static int status(String token, String path) {
        return given().auth().oauth2(token).get(path).statusCode();
    }

    @Test
    void aKnownTokenIsNotLookedUpAgainYetRoleChangesAndDeactivationHoldAtTheNextRequest() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Cached"), 2, 5));
        String email = Seeds.email("cached");
        String token = Seeds.siteAdmin(pool, account, email);
        String path = "/api/v1/accounts/" + account;
        assertEquals(200, status(token, path));
        double hitsBefore = cacheHits();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, status(token, path));
        }
        assertTrue(cacheHits() >= hitsBefore + 3, "the profile was looked up again: " + cacheHits());

        String role = "UPDATE memberships m SET role = $3 FROM profiles p WHERE p.id = m.profile_id"
                + " AND p.email = $1 AND m.account_id = $2";
        Sql.update(pool, role, email, account, "EDITOR");
        assertEquals(403, status(token, path), "a demoted administrator is refused at once");
        Sql.update(pool, role, email, account, "SITE_ADMIN");
        assertEquals(200, status(token, path));

        Sql.update(pool, "UPDATE profiles SET status = 'DEACTIVATED', deactivated_at = now() WHERE email = $1", email);
        assertEquals(403, status(token, path), "a deactivated profile is refused at once");
        assertEquals(403, status(token, "/api/v1/me"));
    }
}
