package io.usher.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Keycloak, started by deployment/local/keycloak/start.sh (the same script as the local
 * stack) with fresh secrets, on free ports, tethered to this JVM so it never outlives the run.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    static final String REALM = "usher";
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private Process process;
    private Path instanceDir;

    @Override
    public Map<String, String> start() {
        Path project = Path.of(System.getProperty("user.dir"));
        String dist = System.getProperty("test-stack.keycloak.home");
        if (dist == null || !Files.isDirectory(Path.of(dist))) {
            throw new IllegalStateException("No Keycloak distribution at " + dist + " (run the build through Maven)");
        }
        int httpPort = FreePorts.next();
        int managementPort = FreePorts.next();
        String bootstrapPassword = secret();
        String serviceSecret = secret();
        String webSecret = secret();
        String platformAdminPassword = secret();
        String accountAdminPassword = secret();
        try {
            instanceDir = Files.createTempDirectory("usher-keycloak-");
            Path log = project.resolve("target/keycloak-test.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            project.resolve("deployment/local/lib/tethered.sh").toString(),
                            String.valueOf(ProcessHandle.current().pid()),
                            project.resolve("deployment/local/keycloak/start.sh")
                                    .toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("KC_DIST", dist);
            env.put("KC_INSTANCE_DIR", instanceDir.toString());
            env.put("KC_HTTP_PORT", String.valueOf(httpPort));
            env.put("KC_MGMT_PORT", String.valueOf(managementPort));
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", bootstrapPassword);
            env.put("USHER_SERVICE_CLIENT_SECRET", serviceSecret);
            env.put("USHER_WEB_CLIENT_SECRET", webSecret);
            env.put("USHER_PLATFORM_ADMIN_PASSWORD", platformAdminPassword);
            env.put("USHER_ACCOUNT_ADMIN_PASSWORD", accountAdminPassword);
            env.put("USHER_PUBLIC_URL", "http://127.0.0.1:8081");
            process = builder.start();
            String base = "http://127.0.0.1:" + httpPort;
            // Ready means what the tests need first: the realm signs its platform admin in.
            awaitReady(
                    List.of(
                            get("http://127.0.0.1:" + managementPort + "/health/ready"),
                            get(base + "/realms/" + REALM + "/.well-known/openid-configuration"),
                            passwordGrant(base, webSecret, Keycloak.PLATFORM_ADMIN, platformAdminPassword)),
                    log);
            return Map.ofEntries(
                    Map.entry("quarkus.oidc.auth-server-url", base + "/realms/" + REALM),
                    Map.entry("quarkus.oidc.client-id", "usher-web"),
                    Map.entry("quarkus.oidc.credentials.secret", webSecret),
                    Map.entry("quarkus.keycloak.admin-client.server-url", base),
                    Map.entry("quarkus.keycloak.admin-client.realm", REALM),
                    Map.entry("quarkus.keycloak.admin-client.client-id", "usher-service"),
                    Map.entry("quarkus.keycloak.admin-client.client-secret", serviceSecret),
                    Map.entry("test-stack.keycloak.url", base),
                    Map.entry("test-stack.keycloak.bootstrap-password", bootstrapPassword),
                    Map.entry("test-stack.keycloak.web-secret", webSecret),
                    Map.entry("test-stack.keycloak.platform-admin-password", platformAdminPassword),
                    Map.entry("test-stack.keycloak.account-admin-password", accountAdminPassword));
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("Cannot start Keycloak", e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (process != null && process.isAlive()) {
            // The tether ends Keycloak's whole process group on TERM.
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (instanceDir != null) {
            try (var files = Files.walk(instanceDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory; the machine cleans it eventually
            }
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpRequest passwordGrant(String base, String webSecret, String email, String password) {
        String form = "grant_type=password&client_id=usher-web&client_secret=" + webSecret + "&username="
                + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=" + password;
        return HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private void awaitReady(List<HttpRequest> probes, Path log) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        for (HttpRequest probe : probes) {
            String last = "no answer";
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited early; see " + log + "\n" + tail(log));
                }
                try {
                    HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        break;
                    }
                    last = response.statusCode() + " " + response.body();
                } catch (IOException notYet) {
                    last = notYet.toString(); // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Keycloak not ready within " + READY_WITHIN + ": " + probe.method()
                            + " " + probe.uri() + " answered " + last + "\n" + tail(log));
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
