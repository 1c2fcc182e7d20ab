package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static usher.bench.Figures.boolProp;
import static usher.bench.Figures.intProp;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A day's mix at once: a few big uploads followed to completion over their event streams, many
 * accounts posting small batches, polls of batch status and of an account's batch list, event
 * streams opened on batches (running or done), and console pages.
 *
 * <pre>
 *   -Dseconds=180          length of the mix
 *   -DbigUploads=2 -DbigSize=50000      big batches, started over the first half
 *   -DsmallAccounts=50     accounts posting 5-50 addresses at a time (-DminLines, -DmaxLines, -DthinkMs=2000)
 *   -DpollsPerSec=5        clients reading a batch and their account's batch list
 *   -DstreamsPerSec=1      clients opening a batch's event stream and reading it to `completed`
 *   -DconsolePerSec=2      clients opening four console pages (signed in through Keycloak)
 *   -DholdSmtp=true        hold GreenMail (SIGSTOP) meanwhile, so the relay does not send
 * </pre>
 */
public class MixedDaySimulation extends Simulation {

    private final int seconds = intProp("seconds", 180);
    private final int bigUploads = intProp("bigUploads", 2);
    private final int bigSize = intProp("bigSize", 50_000);
    private final int smallAccounts = intProp("smallAccounts", 50);
    private final int think = intProp("thinkMs", 2000);
    private final double pollsPerSec = Double.parseDouble(System.getProperty("pollsPerSec", "5"));
    private final double streamsPerSec = Double.parseDouble(System.getProperty("streamsPerSec", "1"));
    private final double consolePerSec = Double.parseDouble(System.getProperty("consolePerSec", "2"));
    private final boolean holdSmtp = boolProp("holdSmtp", true);
    private final Stack stack = Stack.get();
    private final SmallBatches small = new SmallBatches(stack, "small", intProp("minLines", 5), intProp("maxLines", 50),
            Duration.ofMillis(intProp("pollMs", 200)));

    /** Batches posted so far, with their account: what polls, streams and console pages look at. */
    private final List<String[]> batches = Collections.synchronizedList(new ArrayList<>());

    private final List<String> bigAccounts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Double>> timings = new ConcurrentHashMap<>();
    private final List<String> streamErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile String consoleCookie;
    private volatile String consoleNote = "";
    private volatile long started;

    private static ChainBuilder pick(List<String[]> from) {
        return exec(s -> {
            synchronized (from) {
                String[] b = from.get(ThreadLocalRandom.current().nextInt(from.size()));
                return s.set("account", b[0]).set("batch", b[1]);
            }
        });
    }

    private ChainBuilder timed(String kind, ChainBuilder chain) {
        return exec(s -> s.set("t_" + kind, System.nanoTime()))
                .group(kind)
                .on(chain)
                .exec(s -> {
                    if (!s.isFailed()) {
                        timings.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add((System.nanoTime() - s.getLong("t_" + kind)) / 1e9);
                    }
                    return s;
                });
    }

    private HttpRequestActionBuilder api(String name, String path) {
        return http(name).get(path).header("Authorization", s -> "Bearer " + stack.token()).check(status().is(200));
    }

    private HttpRequestActionBuilder page(String name, String path, int expected) {
        return http(name)
                .get(path)
                .header("Cookie", s -> consoleCookie)
                .header("Accept", "text/html")
                .disableFollowRedirect()
                .check(status().is(expected));
    }

    private ChainBuilder followStream(long expected) {
        return exec(s -> s.set(Waits.STREAM,
                        new EventStream(stack, s.getString("batch"), expected, 0, null, null).start()))
                .exec(Waits.until(st -> st.done))
                .exec(s -> {
                    EventStream st = s.get(Waits.STREAM);
                    if (!st.ok()) {
                        streamErrors.add(st.error);
                        return s.remove(Waits.STREAM).markAsFailed();
                    }
                    return s.remove(Waits.STREAM);
                });
    }

    {
        var big = scenario("big uploads")
                .exec(s -> {
                    synchronized (bigAccounts) {
                        String account = bigAccounts.remove(0);
                        return s.set("account", account)
                                .set("body", Stack.lines("mixed-big-" + account.substring(0, 8), 0, bigSize));
                    }
                })
                .exec(timed("big: post to completed", exec(http("big: POST invitations")
                                .post("/api/v1/accounts/#{account}/invitations?role=EDITOR")
                                .header("Authorization", s -> "Bearer " + stack.token())
                                .header("Content-Type", "text/plain")
                                .body(StringBody(s -> s.getString("body")))
                                .check(status().is(202), jsonPath("$.id").saveAs("batch")))
                        .exitHereIfFailed()
                        .exec(s -> {
                            batches.add(new String[] {s.getString("account"), s.getString("batch")});
                            return s.remove("body");
                        })
                        .exec(followStream(bigSize))));
        var smalls = scenario("small batches")
                .feed(small.feeder())
                .during(Duration.ofSeconds(seconds), false) // every batch started is followed to its end
                .on(exec(small.batch())
                        .exec(s -> {
                            if (s.contains("batch")) {
                                batches.add(new String[] {s.getString("account"), s.getString("batch")});
                            }
                            return s;
                        })
                        .pause(Duration.ofMillis(think)));
        var polls = scenario("status polls")
                .exec(pick(batches))
                .exec(timed("poll: batch + batch list", exec(api("poll: GET batch", "/api/v1/invitation-batches/#{batch}"))
                        .exec(api("poll: GET account's batches",
                                "/api/v1/accounts/#{account}/invitation-batches?page=0&size=20"))));
        var streams = scenario("event streams")
                .exec(pick(batches))
                .exec(timed("stream: open to completed", followStream(-1)));
        var console = scenario("console pages")
                .exec(pick(batches))
                .doIfOrElse(s -> consoleCookie != null)
                .then(timed("console: four pages", exec(page("console: home (303 to the first account)", "/console", 303))
                        .exec(page("console: batches", "/console/accounts/#{account}/batches", 200))
                        .exec(page("console: batch", "/console/accounts/#{account}/batches/#{batch}", 200))
                        .exec(page("console: users", "/console/accounts/#{account}/users", 200))))
                .orElse(timed("console (API fallback): four reads",
                        exec(api("console-api: me", "/api/v1/me"))
                                .exec(api("console-api: batches", "/api/v1/accounts/#{account}/invitation-batches"))
                                .exec(api("console-api: batch", "/api/v1/invitation-batches/#{batch}"))
                                .exec(api("console-api: users", "/api/v1/accounts/#{account}/users?page=0&size=50"))));
        Duration all = Duration.ofSeconds(seconds);
        setUp(
                        big.injectOpen(rampUsers(bigUploads).during(Duration.ofSeconds(Math.max(1, seconds / 2)))),
                        smalls.injectOpen(atOnceUsers(smallAccounts)),
                        polls.injectOpen(constantUsersPerSec(pollsPerSec).during(all)),
                        streams.injectOpen(constantUsersPerSec(streamsPerSec).during(all)),
                        console.injectOpen(constantUsersPerSec(consolePerSec).during(all)))
                .protocols(http.baseUrl(stack.usher).acceptHeader("application/json"));
    }

    @Override
    public void before() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < bigUploads; i++) {
            bigAccounts.add(stack.createAccount("Gatling mixed " + run + " big " + i, bigSize + 10));
        }
        for (int i = 0; i < smallAccounts; i++) {
            small.accounts.add(stack.createAccount("Gatling mixed " + run + " small " + i, 1_000_000));
        }
        // Polls, streams and console pages start at once: they need one batch to look at.
        String first = small.accounts.get(0);
        batches.add(new String[] {first, stack.postLines(first, Stack.lines("mixed-first-" + run, 0, 10))});
        try {
            consoleCookie = ConsoleSession.signIn(stack);
            consoleNote = "console pages through a session signed in with Keycloak's code flow";
        } catch (Exception e) {
            consoleNote = "console sign-in failed (" + e.getMessage() + "): the API's bearer endpoints the console's pages read were used instead";
        }
        System.out.println(consoleNote);
        if (holdSmtp) {
            stack.holdSmtp(true);
        }
        started = System.nanoTime();
    }

    @Override
    public void after() {
        double elapsed = (System.nanoTime() - started) / 1e9;
        try {
            Figures f = new Figures("MixedDaySimulation (" + seconds + " s)");
            f.line("%s", consoleNote);
            f.line("small batches: %,d completed (%.1f/s), %d failed%s", small.latencies.size(),
                    small.latencies.size() / elapsed, small.failures.size(),
                    small.failures.isEmpty() ? "" : " (first: " + small.failures.get(0) + ")");
            f.line("  %-34s %s", "small: post to completed", Figures.spread(small.latencies));
            for (var e : new java.util.TreeMap<>(timings).entrySet()) {
                f.line("  %-34s %s", e.getKey(), Figures.spread(e.getValue()));
            }
            f.line("event streams that broke the contract: %d%s", streamErrors.size(),
                    streamErrors.isEmpty() ? "" : " (first: " + streamErrors.get(0) + ")");
            f.line("(reported; the issue sets no target for the mix: see Gatling's report for every request)");
            f.print();
        } finally {
            if (holdSmtp) {
                for (String account : small.accounts) {
                    stack.setMailsAside(account);
                }
                for (String[] b : batches) {
                    stack.setMailsAside(b[0]);
                }
                stack.holdSmtp(false);
            }
        }
    }
}
