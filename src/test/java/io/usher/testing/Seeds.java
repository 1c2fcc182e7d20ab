package io.usher.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/**
 * Rows the API cannot make yet (members join accounts by invitation), written straight into the
 * test database.
 */
public final class Seeds {

    private Seeds() {}

    /** Makes the person a member of the account, creating their profile if needed. */
    public static void member(Pool pool, UUID accountId, String email, String role, String status) {
        pool.preparedQuery("INSERT INTO profiles (id, email, first_name, last_name, status) VALUES ($1, $2, 'Test',"
                        + " 'Person', 'ACTIVE') ON CONFLICT (email) DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID(), email))
                .await()
                .atMost(Duration.ofSeconds(10));
        pool.preparedQuery(
                        "INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at) SELECT $1, $2,"
                                + " p.id, $3, $4, now() FROM profiles p WHERE p.email = $5")
                .execute(Tuple.tuple()
                        .addUUID(UUID.randomUUID())
                        .addUUID(accountId)
                        .addString(role)
                        .addString(status)
                        .addString(email))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    /** A fresh address for one test, so tests sharing the database never collide. */
    public static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
    }

    public static String name(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
