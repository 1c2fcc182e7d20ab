package io.usher.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seat counters on the account row against every kind of membership write, compared with a
 * count of the memberships themselves, and the quota they enforce.
 */
@QuarkusTest
class SeatCountersIT {

    private static final Duration DB = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void countersFollowInsertsStatusAndRoleChangesAndDeletes() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Seats"), 2, 3));
        String a = Seeds.email("a");
        String b = Seeds.email("b");
        String c = Seeds.email("c");
        Seeds.member(pool, account, a, "EDITOR", "PENDING");
        Seeds.member(pool, account, b, "EDITOR", "ACTIVE");
        Seeds.member(pool, account, c, "SITE_ADMIN", "SUSPENDED");
        assertCounters(account, 0, 2);

        sql("UPDATE memberships SET status = 'ACTIVE' WHERE account_id = $1 AND role = 'SITE_ADMIN'", account);
        assertCounters(account, 1, 2);

        sql("UPDATE memberships SET status = 'REMOVED' WHERE account_id = $1 AND status = 'PENDING'", account);
        assertCounters(account, 1, 1);

        sql(
                "UPDATE memberships SET role = 'SITE_ADMIN' WHERE account_id = $1 AND status = 'ACTIVE'"
                        + " AND role = 'EDITOR'",
                account);
        assertCounters(account, 2, 0);

        sql("DELETE FROM memberships WHERE account_id = $1 AND role = 'SITE_ADMIN'", account);
        assertCounters(account, 0, 0);

        given().auth()
                .oauth2(Keycloak.platformAdminToken())
                .get("/api/v1/accounts/" + account)
                .then()
                .statusCode(200)
                .body("usage.SITE_ADMIN", equalTo(0))
                .body("usage.EDITOR", equalTo(0));
    }

    @Test
    void aStatementThatWouldPassAQuotaIsRefusedWhole() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Seats"), 1, 1));
        Seeds.member(pool, account, Seeds.email("first"), "EDITOR", "ACTIVE");

        PgException refused = assertThrows(
                PgException.class, () -> Seeds.member(pool, account, Seeds.email("second"), "EDITOR", "PENDING"));
        assertEquals("membership_quota", refused.getConstraint());
        assertCounters(account, 0, 1);

        // A quota lowered below usage blocks new seats but not changes that keep or free them.
        sql("UPDATE accounts SET quota_editor = 0 WHERE id = $1", account);
        sql("UPDATE memberships SET invited_by = 'someone' WHERE account_id = $1", account);
        sql("UPDATE memberships SET status = 'SUSPENDED' WHERE account_id = $1", account);
        assertCounters(account, 0, 0);
        assertThrows(
                PgException.class,
                () -> sql("UPDATE memberships SET status = 'ACTIVE' WHERE account_id = $1", account));
        assertCounters(account, 0, 0);
    }

    private void assertCounters(UUID account, int siteAdmins, int editors) {
        Row row = pool.preparedQuery("SELECT a.seats_site_admin, a.seats_editor,"
                        + " (SELECT count(*) FROM memberships m WHERE m.account_id = a.id AND m.role = 'SITE_ADMIN'"
                        + "  AND m.status IN ('ACTIVE', 'PENDING')),"
                        + " (SELECT count(*) FROM memberships m WHERE m.account_id = a.id AND m.role = 'EDITOR'"
                        + "  AND m.status IN ('ACTIVE', 'PENDING'))"
                        + " FROM accounts a WHERE a.id = $1")
                .execute(Tuple.of(account))
                .await()
                .atMost(DB)
                .iterator()
                .next();
        assertEquals(siteAdmins, row.getInteger(0), "site admin seats");
        assertEquals(editors, row.getInteger(1), "editor seats");
        assertTrue(row.getLong(2) == siteAdmins && row.getLong(3) == editors, "counters match the memberships");
    }

    private void sql(String statement, UUID account) {
        pool.preparedQuery(statement).execute(Tuple.of(account)).await().atMost(DB);
    }
}
