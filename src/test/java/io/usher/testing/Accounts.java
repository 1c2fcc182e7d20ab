package io.usher.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;

/** Accounts made through the API by the platform admin, for tests that need one. */
public final class Accounts {

    private Accounts() {}

    public static String create(String name, int siteAdmins, int editors) {
        return given().auth()
                .oauth2(Keycloak.platformAdminToken())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        name,
                        "defaultLanguage",
                        "fr",
                        "quotas",
                        Map.of("SITE_ADMIN", siteAdmins, "EDITOR", editors)))
                .post("/api/v1/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A team of the account, made by the given caller; its id. */
    public static String createTeam(String token, String accountId, String name) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/v1/accounts/" + accountId + "/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Signs the domain in through the identity provider, platform-wide; the domain. */
    public static String ssoDomain(String domain, String identityProvider) {
        given().auth()
                .oauth2(Keycloak.platformAdminToken())
                .contentType(ContentType.JSON)
                .body(Map.of("identityProvider", identityProvider))
                .put("/api/v1/admin/sso-domains/" + domain)
                .then()
                .statusCode(200);
        return domain;
    }

    /** A new domain of its own ({@code prefix-<random>.example}), signed in through the provider. */
    public static String newSsoDomain(String prefix, String identityProvider) {
        return ssoDomain(prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example", identityProvider);
    }

    /**
     * A new account whose requests share a Kafka partition with {@code accountId}'s (the request
     * topic's partitioner, on the test broker's partitions): it would queue behind that account's
     * records on Kafka, were it not for the inbox.
     */
    public static String createOnThePartitionOf(String accountId, String name, int editors) {
        int partitions = KafkaResource.TOPICS.get("invitation-requests");
        int target = KafkaTopics.partitionOf(accountId, partitions);
        for (int i = 0; i < 50; i++) {
            String other = create(Seeds.name(name), 1, editors);
            if (KafkaTopics.partitionOf(other, partitions) == target) {
                return other;
            }
        }
        throw new AssertionError("no account on partition " + target + " in 50 tries");
    }
}
