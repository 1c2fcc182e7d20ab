package io.usher.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Management;
import io.usher.testing.ServiceUrl;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document against the checked-in contract (src/test/contract/openapi.yaml),
 * from which the build generates the Java client that {@link ContractJourneyIT} drives: a change of
 * the server that changes the document fails here until the contract is updated with it, so client
 * and server cannot drift apart unseen. Then tools we did not write judge it: Redocly's
 * {@code recommended} rules must find no error, and the npm {@code eventsource} client must stop
 * after a completed batch's {@code completed} event.
 */
@QuarkusTest
class ContractIT {

    static final Path CONTRACT = Path.of("src/test/contract");
    private static final Path OUT = Path.of("target/contract");

    @BeforeAll
    static void tools() throws Exception {
        Files.createDirectories(OUT);
        if (!Files.isDirectory(CONTRACT.resolve("node_modules/@redocly/cli"))
                || !Files.isDirectory(CONTRACT.resolve("node_modules/eventsource"))) {
            assertEquals(
                    0,
                    run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300, OUT.resolve("npm.log")),
                    "@redocly/cli and eventsource could not be installed from npm; see " + OUT.resolve("npm.log"));
        }
    }

    /** What the document says of this deployment (servers, OIDC) is the contract's placeholders. */
    static String served() {
        String yaml = given().get(Management.url("/q/openapi"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return yaml.replaceAll("(?m)^(servers:\\n- url: ).*$", "$1https://usher.example")
                .replaceAll(
                        "(?m)^(\\s+openIdConnectUrl: ).*$",
                        "$1https://keycloak.example/realms/usher/.well-known/openid-configuration");
    }

    @Test
    void theServedDocumentIsTheCheckedInContract() throws IOException {
        String served = served();
        Files.writeString(OUT.resolve("openapi.yaml"), served);
        String contract = Files.readString(CONTRACT.resolve("openapi.yaml"));
        assertEquals(
                contract,
                served,
                "The server's OpenAPI document is not the checked-in contract: if the change is meant, copy "
                        + OUT.resolve("openapi.yaml") + " over " + CONTRACT.resolve("openapi.yaml")
                        + " (the generated client and ContractJourneyIT follow it)");
    }

    @Test
    void redoclysRecommendedRulesFindNoError() throws Exception {
        Path document = OUT.resolve("served-openapi.yaml");
        Files.writeString(document, served());
        Path log = OUT.resolve("redocly-lint.txt");
        int exit = run(
                List.of(
                        "node",
                        "node_modules/@redocly/cli/bin/cli.js",
                        "lint",
                        "--config",
                        "redocly.yaml",
                        "--format",
                        "stylish",
                        document.toAbsolutePath().toString()),
                Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"),
                120,
                log);
        assertEquals(0, exit, "Redocly found errors in the OpenAPI document:\n" + Files.readString(log));
    }

    @Test
    void aStandardSseClientStopsAfterCompleted() throws Exception {
        String token = Keycloak.platformAdminToken();
        String account = Accounts.create("Contract stream " + System.nanoTime(), 2, 10);
        String batch =
                Batches.postLines(token, account, "one@example.com\ntwo@example.com\nthree@example.com\n", "EDITOR");
        Batches.awaitCompleted(token, batch, Duration.ofSeconds(60));
        Path log = OUT.resolve("eventsource.log");
        int exit = run(
                List.of("node", "stream.mjs"),
                Map.of(
                        "EVENTS_URL",
                        ServiceUrl.base() + "/api/v1/invitation-batches/" + batch + "/events",
                        "TOKEN",
                        token,
                        "EXPECTED",
                        "3",
                        "WATCH_MS",
                        "7000"),
                60,
                log);
        assertEquals(
                0,
                exit,
                "the eventsource client did not read 3 outcomes and one `completed`, then stop:\n"
                        + Files.readString(log));
    }

    private static int run(List<String> command, Map<String, String> env, int seconds, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(CONTRACT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    static File contract() {
        return CONTRACT.resolve("openapi.yaml").toFile();
    }
}
