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

    /**
     * A member with a name, invited at a given moment (lists are ordered by it); the profile is
     * ACTIVE unless the membership is PENDING. The profile's id.
     */
    public static UUID member(
            Pool pool,
            UUID accountId,
            String email,
            String firstName,
            String lastName,
            String role,
            String status,
            java.time.OffsetDateTime invitedAt) {
        UUID profileId = UUID.randomUUID();
        pool.preparedQuery(
                        "INSERT INTO profiles (id, email, first_name, last_name, status) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(
                        profileId, email, firstName, lastName, "PENDING".equals(status) ? "IN_PROGRESS" : "ACTIVE"))
                .await()
                .atMost(Duration.ofSeconds(10));
        pool.preparedQuery("INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at, invited_by)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, 'seed')")
                .execute(Tuple.tuple()
                        .addUUID(UUID.randomUUID())
                        .addUUID(accountId)
                        .addUUID(profileId)
                        .addString(role)
                        .addString(status)
                        .addOffsetDateTime(invitedAt))
                .await()
                .atMost(Duration.ofSeconds(10));
        return profileId;
    }

    /** A person who can sign in (in Keycloak) and administers the account (active SITE_ADMIN); their token. */
    public static String siteAdmin(Pool pool, UUID accountId, String email) {
        return person(pool, accountId, email, "SITE_ADMIN", PASSWORD);
    }

    /** The password of the people {@link #person} makes. */
    public static final String PASSWORD = "Person-pass-42";

    /** A person who can sign in (in Keycloak) with {@link #PASSWORD}, member of the account; their token. */
    public static String person(Pool pool, UUID accountId, String email, String role, String password) {
        Keycloak.createUser(email, password);
        member(pool, accountId, email, role, "ACTIVE");
        return Keycloak.token(email, password);
    }

    /** A fresh address for one test, so tests sharing the database never collide. */
    public static String email(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
    }

    public static String name(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
