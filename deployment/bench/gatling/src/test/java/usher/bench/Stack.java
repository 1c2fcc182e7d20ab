package usher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local stack as deployment/local/run.sh left it: its ports and secrets (.run/stack.env), the
 * service's process, an administrator's token, and the few calls the simulations make outside
 * Gatling's own requests (making accounts, seeding batches, reading the database).
 */
public final class Stack {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** Readers of event streams and other blocking work: never on Gatling's event loops. */
    public static final ExecutorService WORKERS = Executors.newVirtualThreadPerTaskExecutor();

    private static volatile Stack instance;

    public final Path runDir;
    public final Map<String, String> env;
    public final String usher;
    public final String keycloak;
    public final int dbPort;
    public final HttpClient http;

    private String token;
    private long tokenExpires;

    private Stack(Path runDir) {
        this.runDir = runDir;
        this.env = readEnv(runDir.resolve("stack.env"));
        this.usher = "http://127.0.0.1:" + env.getOrDefault("HTTP_PORT", "8080");
        this.keycloak = "http://127.0.0.1:" + env.getOrDefault("KEYCLOAK_PORT", "8180");
        this.dbPort = Integer.parseInt(env.getOrDefault("DB_PORT", "5432"));
        // HTTP/1.1 as browsers' EventSource uses it; the default would try an h2c upgrade. The
        // client's pool has no limit per host, so each stream gets a connection of its own.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "usher-http");
                    // Daemons: the load generator's JVM must end when Gatling is done.
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    public static Stack get() {
        if (instance == null) {
            synchronized (Stack.class) {
                if (instance == null) {
                    instance = new Stack(findRunDir());
                }
            }
        }
        return instance;
    }

    private static Path findRunDir() {
        String given = System.getProperty("usher.runDir");
        if (given != null) {
            return Path.of(given);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deployment/local/.run");
            if (Files.exists(candidate.resolve("stack.env"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "The local stack is not running (no deployment/local/.run/stack.env): start it with deployment/local/run.sh --detach");
    }

    static Map<String, String> readEnv(Path path) {
        Map<String, String> env = new HashMap<>();
        Pattern line = Pattern.compile("^([A-Z_0-9]+)=(.*)$");
        try {
            for (String raw : Files.readAllLines(path)) {
                Matcher m = line.matcher(raw.strip());
                if (m.matches()) {
                    String value = m.group(2);
                    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    env.put(m.group(1), value.replace("\\", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
        return env;
    }

    // ---------------------------------------------------------------------------------------
    // Keycloak: the local platform administrator's token, by the password grant as bench.py does
    // ---------------------------------------------------------------------------------------

    /** The administrator's access token, renewed a minute before it ends (they live 15 minutes). */
    public synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpires) {
            String form = "grant_type=password&client_id=usher-web"
                    + "&client_secret=" + enc(env.get("WEB_CLIENT_SECRET"))
                    + "&username=" + enc("admin@usher.example")
                    + "&password=" + enc(env.get("ADMIN_PASSWORD"));
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                            URI.create(keycloak + "/realms/usher/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
            }
            JsonNode body = parse(r.body());
            token = body.get("access_token").asText();
            tokenExpires = System.currentTimeMillis() + (body.path("expires_in").asLong(300) - 60) * 1000;
        }
        return token;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------
    // The API, outside Gatling's measured requests
    // ---------------------------------------------------------------------------------------

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(usher + path))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token());
    }

    public String createAccount(String name, int editors) {
        String body = "{\"name\":" + JSON.valueToTree(name) + ",\"defaultLanguage\":\"en\","
                + "\"quotas\":{\"SITE_ADMIN\":5,\"EDITOR\":" + editors + "}}";
        HttpResponse<String> r = send(api("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("account " + name + ": " + r.statusCode() + " " + r.body());
        }
        return parse(r.body()).get("id").asText();
    }

    /** Addresses that exist nowhere yet: each is a new person, the costliest outcome. */
    public static String lines(String tag, int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> tag + "-" + i + "@bench.example")
                .collect(Collectors.joining("\n"));
    }

    /** POSTs the addresses as text/plain: the new batch's id. */
    public String postLines(String account, String body) {
        HttpResponse<String> r = send(api("/api/v1/accounts/" + account + "/invitations?role=EDITOR")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST invitations: " + r.statusCode() + " " + r.body());
        }
        return parse(r.body()).get("id").asText();
    }

    public JsonNode batch(String id) {
        HttpResponse<String> r = send(api("/api/v1/invitation-batches/" + id).GET().build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET batch " + id + ": " + r.statusCode() + " " + r.body());
        }
        return parse(r.body());
    }

    public JsonNode waitCompleted(String id, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode b = batch(id);
            if ("COMPLETED".equals(b.path("status").asText())) {
                return b;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("batch " + id + " not completed within " + within + ": " + b);
            }
            sleep(1000);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // PostgreSQL
    // ---------------------------------------------------------------------------------------

    public Connection db() {
        try {
            return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/usher", "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database usher", e);
        }
    }

    /** Transactions committed and rolled back so far in the database usher, by every client. */
    public long transactions() {
        try (Connection c = db();
                Statement s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'usher'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Marks an account's pending mails sent, in slices that skip the rows the relay holds (as
     * bench.py does): the mails of a seeded batch are not what is measured, and a relay sending
     * them into GreenMail would take the machine's cores from what is.
     */
    public void setMailsAside(String account) {
        try (Connection c = db();
                var st = c.prepareStatement("WITH aside AS (SELECT id FROM mail_outbox WHERE status = 'PENDING'"
                        + " AND priority IN (0, 1) AND account_id = ?::uuid LIMIT 5000 FOR UPDATE SKIP LOCKED)"
                        + " UPDATE mail_outbox m SET status = 'SENT', sent_at = now(), payload = m.payload - 'link'"
                        + " FROM aside WHERE m.id = aside.id")) {
            st.setString(1, account);
            for (int i = 0; i < 10_000; i++) {
                try {
                    if (st.executeUpdate() == 0) {
                        return;
                    }
                } catch (SQLException deadlock) {
                    sleep(100);
                }
            }
        } catch (SQLException e) {
            System.err.println("could not set the mails of " + account + " aside: " + e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The service's and GreenMail's processes
    // ---------------------------------------------------------------------------------------

    /** The service's pid: the first field of .run/usher.pid ("PID STARTTIME TETHER"). */
    public long servicePid() {
        return firstField("usher.pid");
    }

    private long firstField(String file) {
        try {
            return Long.parseLong(Files.readString(runDir.resolve(file)).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of a process in bytes, or -1. */
    public static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Open file descriptors of a process (sockets included), or -1. */
    public static long openFds(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Holds (SIGSTOP) or releases (SIGCONT) GreenMail's process group, as bench.py does: GreenMail
     * spends about 2.3 ms of CPU on each mail, so on two cores a live one would be measured too.
     * The relay waits meanwhile, attempts untouched.
     */
    public void holdSmtp(boolean hold) {
        long group = firstField("greenmail.pid");
        if (group <= 0) {
            return;
        }
        try {
            new ProcessBuilder("kill", hold ? "-STOP" : "-CONT", "--", "-" + group)
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            System.err.println("cannot signal GreenMail: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
