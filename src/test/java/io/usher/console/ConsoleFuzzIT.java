package io.usher.console;

import static io.usher.testing.Browser.signInAtKeycloak;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Browser;
import io.usher.testing.Fuzz;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebResponse;
import org.junit.jupiter.api.Test;

/**
 * Every console page and form, signed in as an account's administrator or as a platform admin,
 * called with right and odd ids, odd queries, forged or broken form bodies and odd content types:
 * every answer is below 500. The seed is fixed, so a failure can be replayed.
 */
@QuarkusTest
class ConsoleFuzzIT {

    private static final long SEED = 20261203L;
    private static final int CALLS_PER_OPERATION = 20;

    private static final String[] BODIES = {
        "",
        "role=OWNER",
        "role=EDITOR&status=%00",
        "teams=x&teams=%00",
        "status=REMOVED",
        "role=SITE_ADMIN&status=ACTIVE&teams=" + UUID.randomUUID(),
        "domain=%00&identityProviderAlias=x",
        "domain=fuzz-sso.example&identityProviderAlias=%00",
        "a@b.example\nnope\n\u0000",
        "email\nx@y.example",
        "{\"a\":1}",
        "q=" + "a".repeat(20_000),
        "name=%00",
        "name=" + "n".repeat(101),
        "name=Fuzzed%20team",
        "actor=%00&from=2026-13-45&to=x"
    };
    private static final String[] CONTENT_TYPES = {
        "application/x-www-form-urlencoded",
        "text/plain",
        "text/csv",
        "application/json",
        "multipart/form-data; boundary=x"
    };
    private static final String[] ACCEPTS = {"text/html,application/xhtml+xml", "application/json", "*/*"};

    @Inject
    Pool pool;

    @Test
    void noPageOrFormOfAnyShapeIsAnsweredWithAServerError() {
        String base = ServiceUrl.base();
        UUID accountId = UUID.fromString(Accounts.create(Seeds.name("Console fuzz"), 5, 50));
        String admin = Seeds.email("console-fuzz");
        String token = Seeds.person(pool, accountId, admin, "SITE_ADMIN", Seeds.PASSWORD);
        UUID member = Seeds.member(
                pool,
                accountId,
                Seeds.email("console-fuzz-member"),
                "Fu",
                "Zz",
                "EDITOR",
                "ACTIVE",
                OffsetDateTime.now());
        String batch = Batches.postLines(token, accountId.toString(), Seeds.email("console-fuzz-new"), "EDITOR");
        Batches.awaitCompleted(token, batch, Duration.ofSeconds(30));
        String team = Accounts.createTeam(token, accountId.toString(), "Fuzzed team");
        Map<String, String> rightIds = Map.of(
                "accountId",
                accountId.toString(),
                "teamId",
                team,
                "userId",
                member.toString(),
                "batchId",
                batch,
                "domain",
                "fuzz-sso.example");

        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int calls = 0;
        try (Browser accountAdmin = new Browser();
                Browser platformAdmin = new Browser()) {
            signInAtKeycloak(accountAdmin.open(base + "/console"), admin, Seeds.PASSWORD);
            signInAtKeycloak(
                    platformAdmin.open(base + "/console/admin/users"),
                    Keycloak.PLATFORM_ADMIN,
                    ConfigProvider.getConfig().getValue("test-stack.keycloak.platform-admin-password", String.class));
            for (Fuzz.Operation operation : Fuzz.operations(
                            ConsoleHome.class,
                            MemberConsole.class,
                            InvitationConsole.class,
                            BatchConsole.class,
                            PlatformConsole.class,
                            TeamConsole.class,
                            AuditConsole.class)
                    .stream()
                    .filter(operation -> !operation.path().endsWith("/events"))
                    .toList()) {
                Browser browser = operation.path().startsWith("/console/admin") ? platformAdmin : accountAdmin;
                for (int i = 0; i < CALLS_PER_OPERATION; i++) {
                    String url = Fuzz.url(operation, rightIds, random);
                    Map<String, String> headers = new HashMap<>();
                    headers.put("Accept", ACCEPTS[random.nextInt(ACCEPTS.length)]);
                    headers.put("Origin", base);
                    String body = null;
                    if (Fuzz.writes(operation)) {
                        headers.put("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
                        body = BODIES[random.nextInt(BODIES.length)];
                    }
                    WebResponse response =
                            browser.send(HttpMethod.valueOf(operation.method()), base + url, headers, body);
                    calls++;
                    if (response.getStatusCode() >= 500) {
                        failures.add(response.getStatusCode() + " " + operation.method() + " " + Fuzz.abbreviated(url)
                                + " " + headers + " " + (body == null ? "" : Fuzz.abbreviated(body)));
                    }
                }
            }
        }
        assertTrue(calls > 200, "the console's resources declare its routes (" + calls + " calls)");
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + calls + " calls failed:\n" + String.join("\n", failures));
    }
}
