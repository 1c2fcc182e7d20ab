package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Management;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsIT {

    @Inject
    Pool pool;

    @Test
    void theMigrationsBuiltTheWholeSchema() {
        List<String> tables = new ArrayList<>();
        for (Row row : pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))) {
            tables.add(row.getString(0));
        }
        org.hamcrest.MatcherAssert.assertThat(
                tables,
                hasItems(
                        "accounts",
                        "teams",
                        "profiles",
                        "memberships",
                        "membership_teams",
                        "invitations",
                        "sso_domains",
                        "invitation_batches",
                        "invitation_outcomes",
                        "mail_outbox",
                        "audit_events",
                        "password_resets",
                        "flyway_schema_history"));
        Row failed = pool.query("SELECT count(*) FROM flyway_schema_history WHERE NOT success")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assertEquals(0L, failed.getLong(0));
    }

    @Test
    void readinessIsUpWithTheDatabaseAndKafka() {
        given().get(Management.url("/q/health/ready"))
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Database"), containsString("Kafka")));
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpoints() {
        given().accept("application/json")
                .get(Management.url("/q/openapi"))
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/accounts'.post", notNullValue())
                .body("paths.'/api/v1/accounts/{accountId}'.get", notNullValue())
                .body("paths.'/api/v1/accounts/{accountId}/quotas'.put", notNullValue())
                .body("paths.'/api/v1/accounts/{accountId}/teams'.get", notNullValue())
                .body("paths.'/api/v1/accounts/{accountId}/teams/{teamId}'.delete", notNullValue())
                .body("paths.'/api/v1/admin/sso-domains/{domain}'.put", notNullValue())
                .body("paths.keySet().findAll { it.startsWith('/console') }", empty());
    }

    /** A generated client names its methods after the operationIds: each operation has its own. */
    @Test
    void everyOperationHasAnOperationIdOfItsOwn() {
        JsonPath doc = given().accept("application/json")
                .get(Management.url("/q/openapi"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                Object id = operation.get("operationId");
                assertNotNull(id, method + " " + path + " has no operationId");
                ids.add(id.toString());
            }
        }));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "operationIds used twice: " + ids);
        assertTrue(ids.contains("inviteAddresses"), ids.toString());
        assertTrue(ids.contains("streamBatchEvents"), ids.toString());
    }

    /** The server and the identity provider are this deployment's; public operations say so. */
    @Test
    void theDocumentNamesThisDeploymentAndItsPublicOperations() {
        JsonPath doc = given().accept("application/json")
                .get(Management.url("/q/openapi"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("usher.public-base-url", String.class),
                doc.getString("servers[0].url"));
        String issuer = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.oidc.auth-server-url", String.class);
        assertEquals(
                issuer + "/.well-known/openid-configuration",
                doc.getString("components.securitySchemes.SecurityScheme.openIdConnectUrl"));
        assertEquals(List.of(), doc.getList("paths.'/api/v1/invitations/{token}'.get.security"));
        assertEquals(List.of(Map.of("SecurityScheme", List.of())), doc.getList("paths.'/api/v1/me'.get.security"));
    }

    @Test
    void prometheusMetricsAreServedOnTheManagementPort() {
        given().get(Management.url("/q/metrics")).then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get(ServiceUrl.base() + "/api/v1/accounts").then().statusCode(401);
        // The latency alert reads a percentile from these buckets (base/prometheusrule.yaml).
        given().get(Management.url("/q/metrics"))
                .then()
                .body(containsString("http_server_requests_seconds_bucket{"), containsString("le=\"0.5\""));
    }

    /**
     * The Ingress routes the public port only: metrics, health (each probe makes the pod ask its
     * dependencies) and the OpenAPI document are not answered there.
     */
    @Test
    void theManagementEndpointsAreNotAnsweredOnThePublicPort() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/openapi")) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .body(not(containsString("jvm_memory_used_bytes")))
                    .body(not(containsString("\"checks\"")));
        }
    }
}
