package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static usher.bench.Figures.intProp;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replay of a completed batch: one client alone, then R clients at once, each opening the
 * batch's event stream without Last-Event-ID and reading it to `completed`.
 *
 * <pre>
 *   -Daddresses=1000000  the seeded batch's size (reused when a batch of that size was seeded before)
 *   -Dclients=10         clients reading at once
 *   -Dbatch=&lt;id&gt;         replay this batch instead (any completed batch)
 * </pre>
 */
public class ReplaySimulation extends Simulation {

    private final int addresses = intProp("addresses", 1_000_000);
    private final int clients = intProp("clients", 10);
    private final Stack stack = Stack.get();

    private volatile String batchId;
    private volatile long total;
    private volatile ProcessSampler sampler;
    private volatile long rssBeforeAll;
    private volatile long rssBeforeTogether;
    private volatile long peakAlone;
    private final AtomicBoolean togetherStarted = new AtomicBoolean();
    private final Queue<EventStream> alone = new ConcurrentLinkedQueue<>();
    private final Queue<EventStream> together = new ConcurrentLinkedQueue<>();

    private ScenarioBuilder phase(String label, Queue<EventStream> into) {
        return scenario(label)
                .exec(s -> {
                    if (into == together && togetherStarted.compareAndSet(false, true)) {
                        peakAlone = sampler.peakRss();
                        rssBeforeTogether = Stack.rss(sampler.pid());
                        sampler.resetPeaks();
                    }
                    EventStream stream = new EventStream(stack, batchId, total, 0, null, null);
                    into.add(stream);
                    return s.set(Waits.STREAM, stream.start());
                })
                // The GETs of the batch run while the stream reads (it is on a thread of its own).
                .group(label + ": first event")
                .on(Waits.lookAtBatch(label + ": GET batch", stack, () -> batchId)
                        .exec(Waits.until(EventStream::firstEventSeen)))
                .group(label + ": to completed")
                .on(Waits.until(st -> st.done).exec(Waits.lookAtBatch(label + ": GET batch at the end", stack, () -> batchId)))
                .exec(Waits.judge());
    }

    {
        setUp(phase("alone", alone)
                .injectOpen(atOnceUsers(1))
                        .andThen(phase("together", together).injectOpen(atOnceUsers(clients))))
                .protocols(http.baseUrl(stack.usher).acceptHeader("application/json"));
    }

    @Override
    public void before() {
        String given = System.getProperty("batch");
        if (given != null && !given.isBlank()) {
            batchId = given.strip();
        } else {
            batchId = seeded();
        }
        var batch = stack.waitCompleted(batchId, Duration.ofHours(1));
        total = batch.path("total").asLong();
        System.out.printf(Locale.ROOT, "replaying batch %s (%,d outcomes) to 1 client, then to %d at once%n",
                batchId, total, clients);
        sampler = new ProcessSampler(stack.servicePid());
        rssBeforeAll = Stack.rss(sampler.pid());
        sampler.resetPeaks();
        sampler.start();
    }

    /**
     * The batch of the account "Gatling replay N", seeded on the first run: later runs find it in
     * the database (the local stack keeps PostgreSQL's database between runs) and skip the seeding.
     */
    private String seeded() {
        String name = "Gatling replay " + addresses;
        String account = null;
        try (Connection c = stack.db();
                var a = c.prepareStatement("SELECT id FROM accounts WHERE lower(name) = lower(?)");
                var b = c.prepareStatement("SELECT id, status FROM invitation_batches WHERE account_id = ?::uuid"
                        + " AND total = ? ORDER BY created_at DESC LIMIT 1")) {
            a.setString(1, name);
            try (var rs = a.executeQuery()) {
                if (rs.next()) {
                    account = rs.getString(1);
                }
            }
            if (account != null) {
                b.setString(1, account);
                b.setInt(2, addresses);
                try (var rs = b.executeQuery()) {
                    if (rs.next()) {
                        System.out.printf("reusing the seeded batch %s (%s) of account \"%s\"%n",
                                rs.getString(1), rs.getString(2), name);
                        return rs.getString(1);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (account == null) {
            account = stack.createAccount(name, addresses + 10);
        }
        System.out.printf(Locale.ROOT, "seeding a batch of %,d addresses for account \"%s\" (once)...%n",
                addresses, name);
        long t0 = System.nanoTime();
        stack.holdSmtp(true);
        try {
            String id = stack.postLines(account, Stack.lines("replay-" + addresses + "-" + account.substring(0, 8), 0, addresses));
            stack.waitCompleted(id, Duration.ofHours(1));
            stack.setMailsAside(account);
            System.out.printf(Locale.ROOT, "seeded batch %s in %.1f s%n", id, (System.nanoTime() - t0) / 1e9);
            return id;
        } finally {
            stack.holdSmtp(false);
        }
    }

    @Override
    public void after() {
        sampler.finish();
        long peakTogether = sampler.peakRss();
        EventStream one = alone.peek();
        Figures f = new Figures("ReplaySimulation (batch " + batchId + ", " + total + " outcomes, " + clients
                + " clients)");
        if (one == null) {
            f.line("no client ran").print();
            return;
        }
        f.line("one client alone:      first event %.3f s, completed %.2f s, %,d events (%,.0f events/s), %s",
                one.secondsToFirstEvent(), one.secondsToCompleted(), one.events,
                one.events / one.secondsToCompleted(), one.ok() ? "in order, each once" : "KO: " + one.error);
        List<Double> firsts = new ArrayList<>();
        List<Double> completions = new ArrayList<>();
        int ok = 0;
        int i = 0;
        for (EventStream s : together) {
            i++;
            f.line("client %2d of %2d:       first event %.3f s, completed %.2f s, %,d events, %s", i, clients,
                    s.secondsToFirstEvent(), s.secondsToCompleted(), s.events,
                    s.ok() ? "in order, each once" : "KO: " + s.error);
            firsts.add(s.secondsToFirstEvent());
            completions.add(s.secondsToCompleted());
            if (s.ok()) {
                ok++;
            }
        }
        double worstFirst = Math.max(one.secondsToFirstEvent(), Figures.percentile(firsts, 100));
        double slowest = Figures.percentile(completions, 100);
        double ratio = one.secondsToCompleted() / slowest;
        f.line("together: time to first event %s", Figures.spread(firsts));
        f.line("together: time to completed   %s", Figures.spread(completions));
        f.target("time to first event, worst client", String.format(Locale.ROOT, "%.3f s", worstFirst),
                worstFirst <= 1.0, "<= 1 s");
        f.target("clients with every event once, in order (ids +1)", ok + " of " + clients + (one.ok() ? " (+ alone)" : " (alone KO)"),
                ok == clients && one.ok(), "all");
        f.target("slowest together client's speed / one alone", String.format(Locale.ROOT, "%.2f", ratio),
                ratio >= 0.5, ">= 0.50");
        long raise = peakTogether - rssBeforeTogether;
        f.line("service RSS: before any client %s, peak with one client %s, before the %d %s, peak with them %s",
                Figures.mib(rssBeforeAll), Figures.mib(peakAlone), clients, Figures.mib(rssBeforeTogether),
                Figures.mib(peakTogether));
        f.target("service RSS raise while " + clients + " clients read", Figures.mib(raise),
                raise <= 64L * 1024 * 1024, "<= 64 MiB");
        f.print();
    }
}
