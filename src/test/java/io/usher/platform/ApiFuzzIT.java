package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Fuzz;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every API operation the OpenAPI document lists, called many times with right and wrong ids,
 * odd query values, broken or hostile bodies, odd content types and headers, with and without a
 * token: every answer is below 500. The seed is fixed, so a failure can be replayed.
 */
@QuarkusTest
class ApiFuzzIT {

    private static final long SEED = 20261202L;
    private static final int CALLS_PER_OPERATION = 40;
    private static final String[] CONTENT_TYPES = {
        "application/json",
        "text/plain",
        "text/csv",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin9",
        "text/plain; charset=nope"
    };
    private static final List<byte[]> BODIES = List.of(
            bytes(""),
            bytes("{"),
            bytes("null"),
            bytes("[]"),
            bytes("\"x\""),
            bytes("{\"a\":1}"),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0x00},
            bytes("{\"name\":\"" + "x".repeat(10_000) + "\"}"),
            bytes("{\"name\":\"a\\u0000b\"}"),
            bytes("{\"role\":\"NOPE\",\"teams\":[\"x\"],\"emails\":[1,null,{}]}"),
            bytes("{\"role\":\"EDITOR\",\"emails\":[\"\\u0000\",\"a@b.example\"]}"),
            bytes("{\"quotas\":{\"SITE_ADMIN\":-1,\"X\":1e30}}"),
            bytes("{\"SITE_ADMIN\":0,\"EDITOR\":2147483648}"),
            bytes("{\"status\":null,\"teams\":null,\"role\":null}"),
            bytes("{\"teams\":[\"00000000-0000-0000-0000-000000000000\"]}"),
            bytes("{\"firstName\":\"\\u0000\",\"lastName\":\"x\",\"password\":\"Abcdef-12345\",\"acceptTerms\":true}"),
            bytes("{\"identityProviderAlias\":\"\\u0000\"}"),
            bytes("email\n\"unterminated"),
            bytes("a@b.example\r\nc@d.example\r\n\u0000"),
            bytes("é\u2028"));

    @Inject
    Pool pool;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noCallOfAnyShapeIsAnsweredWithAServerError() throws Exception {
        String platformAdmin = Keycloak.platformAdminToken();
        UUID accountId = UUID.fromString(Accounts.create(Seeds.name("Fuzz"), 5, 50));
        String siteAdmin = Seeds.siteAdmin(pool, accountId, Seeds.email("fuzz-admin"));
        String team = Accounts.createTeam(siteAdmin, accountId.toString(), "Fuzz team");
        String batch = Batches.postLines(
                siteAdmin, accountId.toString(), Seeds.email("fuzz-1") + "\n" + Seeds.email("fuzz-2"), "EDITOR");
        Batches.awaitCompleted(siteAdmin, batch, Duration.ofSeconds(30));
        String member = given().auth()
                .oauth2(siteAdmin)
                .get("/api/v1/accounts/" + accountId + "/users?size=1")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        Map<String, String> rightIds = Map.of(
                "accountId",
                accountId.toString(),
                "userId",
                member,
                "teamId",
                team,
                "batchId",
                batch,
                "domain",
                "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + ".example",
                "token",
                "not-a-token");
        String[] tokens = {platformAdmin, siteAdmin, platformAdmin, null, "not.a.jwt"};

        Random random = new Random(SEED);
        String base = ServiceUrl.base();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Fuzz.Operation operation : Fuzz.operations(path -> path.startsWith("/api/"))) {
            String method = operation.method();
            for (int i = 0; i < CALLS_PER_OPERATION; i++) {
                String url = Fuzz.url(operation, rightIds, random);
                HttpRequest.Builder request =
                        HttpRequest.newBuilder(URI.create(base + url)).timeout(Duration.ofSeconds(30));
                String token = tokens[random.nextInt(tokens.length)];
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                Map<String, String> headers = headers(random, url);
                headers.forEach(request::header);
                String contentType = null;
                HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
                if (Fuzz.writes(operation)) {
                    contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
                    request.header("Content-Type", contentType);
                    body = HttpRequest.BodyPublishers.ofByteArray(BODIES.get(random.nextInt(BODIES.size())));
                }
                HttpResponse<String> response =
                        http.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
                calls++;
                if (response.statusCode() >= 500) {
                    failures.add(response.statusCode() + " " + method + " " + Fuzz.abbreviated(url) + " [" + contentType
                            + "] " + headers + ": " + Fuzz.abbreviated(response.body()));
                }
            }
        }
        assertTrue(calls > 1000, "the OpenAPI document lists the API (" + calls + " calls)");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + calls + " calls failed:\n" + String.join("\n", failures));
    }

    private static Map<String, String> headers(Random random, String url) {
        Map<String, String> headers = new HashMap<>();
        if (random.nextInt(5) == 0) {
            headers.put("Idempotency-Key", new String[] {"", "k".repeat(500), "x"}[random.nextInt(3)]);
        }
        if (random.nextInt(5) == 0) {
            headers.put("Last-Event-ID", new String[] {"", "-5", "x", "99999999999"}[random.nextInt(4)]);
        }
        if (url.contains("/events")) {
            headers.put("Accept", "application/json"); // a stream would wait for the batch's end
        } else if (random.nextInt(5) == 0) {
            headers.put("Accept", new String[] {"text/csv", "application/xml", "*/*"}[random.nextInt(3)]);
        }
        return headers;
    }
}
