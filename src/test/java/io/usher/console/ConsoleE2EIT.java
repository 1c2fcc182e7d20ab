package io.usher.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The administration console in Debian's Chromium, driven by Playwright (src/test/e2e), against
 * the real stack this test run started. Installs what it needs first: Chromium from Debian's
 * packages when /usr/bin/chromium is missing, playwright-core from npm when it is not installed.
 */
@QuarkusTest
class ConsoleE2EIT {

    private static final Path E2E = Path.of("src/test/e2e");
    private static final Path OUT = Path.of("target/e2e");
    private static final String CHROMIUM = "/usr/bin/chromium";

    @Inject
    Pool pool;

    @io.usher.testing.InjectSmtpServer
    com.icegreen.greenmail.util.GreenMail smtp;

    @BeforeAll
    static void tools() throws Exception {
        Files.createDirectories(OUT);
        if (!new File(CHROMIUM).canExecute()) {
            int installed = run(List.of("apt-get", "install", "-y", "-q", "chromium"), Path.of("."), Map.of(), 600);
            if (installed != 0) {
                run(List.of("apt-get", "update", "-q"), Path.of("."), Map.of(), 600);
                assertEquals(
                        0,
                        run(List.of("apt-get", "install", "-y", "-q", "chromium"), Path.of("."), Map.of(), 600),
                        "Chromium could not be installed from Debian's packages; see " + OUT.resolve("tools.log"));
            }
        }
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            assertEquals(
                    0,
                    run(List.of("npm", "ci", "--no-audit", "--no-fund"), E2E, Map.of(), 300),
                    "playwright-core could not be installed from npm; see " + OUT.resolve("tools.log"));
        }
    }

    @Test
    void anAdministratorInvitesWatchesResendsResetsAndDeletesInTheBrowser() throws Exception {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Console"), 5, 2_000));
        String admin = Seeds.email("console-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String pending = Seeds.email("console-pending");
        UUID pendingId =
                Seeds.member(pool, account, pending, "Pat", "Pending", "EDITOR", "PENDING", OffsetDateTime.now());
        UUID activeId = Seeds.member(
                pool,
                account,
                Seeds.email("console-active"),
                "Ada",
                "Active",
                "EDITOR",
                "ACTIVE",
                OffsetDateTime.now());
        UUID removableId = Seeds.member(
                pool,
                account,
                Seeds.email("console-removable"),
                "Rem",
                "Ovable",
                "EDITOR",
                "ACTIVE",
                OffsetDateTime.now());
        String deactivate = Seeds.email("console-deactivate");
        Seeds.member(pool, account, deactivate, "Dee", "Activate", "EDITOR", "ACTIVE", OffsetDateTime.now());

        walk(
                "console.e2e.mjs",
                "the console's browser test",
                account,
                admin,
                Map.ofEntries(
                        Map.entry("PLATFORM_EMAIL", io.usher.testing.Keycloak.PLATFORM_ADMIN),
                        Map.entry("PLATFORM_PASSWORD", setting("platform-admin-password")),
                        Map.entry("PENDING_EMAIL", pending),
                        Map.entry("PENDING_USER_ID", pendingId.toString()),
                        Map.entry("ACTIVE_USER_ID", activeId.toString()),
                        Map.entry("REMOVABLE_USER_ID", removableId.toString()),
                        Map.entry("DEACTIVATE_EMAIL", deactivate),
                        Map.entry("INVITE_COUNT", "1000")));
    }

    @Test
    void theConsoleSaysEveryMessageAndErrorInTheReadersLanguageAndBatchReportsAreHonest() throws Exception {
        // Four editors' seats, two taken: of a pasted list, two are invited and the rest refused.
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Console langues"), 2, 4));
        String admin = Seeds.email("console-lang-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        for (int i = 0; i < 2; i++) {
            Seeds.member(
                    pool,
                    account,
                    Seeds.email("console-lang-editor"),
                    "Eve",
                    "Editor" + i,
                    "EDITOR",
                    "ACTIVE",
                    OffsetDateTime.now());
        }
        UUID suspended = Seeds.member(
                pool,
                account,
                Seeds.email("console-lang-suspended"),
                "Sue",
                "Spended",
                "EDITOR",
                "SUSPENDED",
                OffsetDateTime.now());
        // A batch decided whose three mails have not left yet (none is in the outbox to be sent).
        String mailsUnderway = Sql.text(
                pool,
                "INSERT INTO invitation_batches (id, account_id, role, requested_by, status, total, count_invited,"
                        + " completed_at) VALUES (gen_random_uuid(), $1, 'EDITOR', 'seed', 'COMPLETED', 3, 3, now())"
                        + " RETURNING id::text",
                account);

        walk(
                "languages.e2e.mjs",
                "the languages browser test",
                account,
                admin,
                Map.ofEntries(
                        Map.entry("SUSPENDED_USER_ID", suspended.toString()),
                        Map.entry("MAILS_UNDERWAY_BATCH_ID", mailsUnderway),
                        Map.entry("REFUSED_COUNT", "210")));
    }

    @Test
    void anAdministratorManagesTeamsReadsTheAuditLogAndSeesSeatsInBothLanguages() throws Exception {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Console teams"), 3, 10));
        String admin = Seeds.email("console-teams-admin");
        Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        UUID member = Seeds.member(
                pool,
                account,
                Seeds.email("console-teams-member"),
                "Tim",
                "Teams",
                "EDITOR",
                "ACTIVE",
                OffsetDateTime.now());
        for (int i = 0; i < 6; i++) {
            Seeds.member(
                    pool,
                    account,
                    Seeds.email("console-seat"),
                    "Sea",
                    "T" + i,
                    "EDITOR",
                    i % 2 == 0 ? "ACTIVE" : "PENDING",
                    OffsetDateTime.now());
        }
        // Sixty role changes by one actor over two months: two pages of the filtered log.
        String actor = Seeds.email("console-audit-actor");
        Sql.update(
                pool,
                "INSERT INTO audit_events (account_id, at, actor, action, subject, details)"
                        + " SELECT $1, now() - make_interval(days => g), $2, 'member.role-changed',"
                        + " 'someone-' || g || '@test.example',"
                        + " '{\"before\": {\"role\": \"EDITOR\"}, \"after\": {\"role\": \"SITE_ADMIN\"}}'::jsonb"
                        + " FROM generate_series(1, 60) g",
                account,
                actor);

        walk(
                "teams-audit.e2e.mjs",
                "the teams and audit browser test",
                account,
                admin,
                Map.ofEntries(Map.entry("TEAM_MEMBER_ID", member.toString()), Map.entry("AUDIT_ACTOR", actor)));
    }

    @Test
    void anInviteeStaysInFrenchAndAPlatformAdministratorReactivatesThemInTheBrowser() throws Exception {
        // Five editor seats: the pending person, the invitee, and three for the list the script sends.
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Console grouping"), 5, 5));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String admin = "a-" + run + "@sorting.example";
        String token = Seeds.person(pool, account, admin, "SITE_ADMIN", Seeds.PASSWORD);
        String pending = "b-" + run + "@sorting.example";
        Seeds.member(pool, account, pending, null, null, "EDITOR", "PENDING", OffsetDateTime.now());
        String invitee = "c-" + run + "@sorting.example";
        String link = io.usher.testing.Invitees.invite(smtp, token, account.toString(), invitee, "EDITOR");

        walk(
                "invitee-platform.e2e.mjs",
                "the invitee's and platform's browser test",
                account,
                admin,
                Map.ofEntries(
                        Map.entry("PLATFORM_EMAIL", io.usher.testing.Keycloak.PLATFORM_ADMIN),
                        Map.entry("PLATFORM_PASSWORD", setting("platform-admin-password")),
                        Map.entry("PENDING_EMAIL", pending),
                        Map.entry("INVITE_LINK", link),
                        Map.entry("INVITEE_EMAIL", invitee),
                        Map.entry("INVITEE_PASSWORD", "Correct-horse-9")));
    }

    /**
     * Runs one browser walk (src/test/e2e) as the account's administrator, with the settings every
     * walk reads and its own; its output goes to target/e2e/<walk>.log and fails the test if it did.
     */
    private static void walk(String script, String what, UUID account, String admin, Map<String, String> own)
            throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(own);
        env.put("BASE_URL", ServiceUrl.base());
        env.put("SCREENSHOTS", OUT.resolve("screenshots").toAbsolutePath().toString());
        env.put("CHROMIUM", CHROMIUM);
        env.put("ACCOUNT_ID", account.toString());
        env.put("ACCOUNT_ADMIN_EMAIL", admin);
        env.put("ACCOUNT_ADMIN_PASSWORD", Seeds.PASSWORD);
        Path log = OUT.resolve(script.replace(".e2e.mjs", ".log"));
        int exit = run(List.of("node", script), E2E, env, 600, log);
        assertEquals(0, exit, what + " failed:\n" + Files.readString(log));
    }

    private static String setting(String name) {
        return ConfigProvider.getConfig().getValue("test-stack.keycloak." + name, String.class);
    }

    private static int run(List<String> command, Path dir, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        return run(command, dir, env, seconds, OUT.resolve("tools.log"));
    }

    private static int run(List<String> command, Path dir, Map<String, String> env, int seconds, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
