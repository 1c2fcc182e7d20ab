package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static usher.bench.Figures.boolProp;
import static usher.bench.Figures.intProp;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Many accounts, each posting small batches one after another and reading each one's outcomes to
 * the last before the next: latency from POST to completed.
 *
 * <pre>
 *   -Daccounts=200       accounts (one client each), all starting at once
 *   -Dseconds=180        how long each keeps posting
 *   -DminLines=5 -DmaxLines=50   addresses per batch, uniformly
 *   -DthinkMs=1000       pause between one batch's completion and the next POST
 *   -DpollMs=100         pause between two reads of the outcomes
 *   -DholdSmtp=true      hold GreenMail (SIGSTOP) meanwhile, so the relay does not send
 * </pre>
 */
public class ManySmallBatchesSimulation extends Simulation {

    private final int accounts = intProp("accounts", 200);
    private final int seconds = intProp("seconds", 180);
    private final int think = intProp("thinkMs", 1000);
    private final boolean holdSmtp = boolProp("holdSmtp", true);
    private final Stack stack = Stack.get();
    private final SmallBatches small = new SmallBatches(stack, "small", intProp("minLines", 5), intProp("maxLines", 50),
            Duration.ofMillis(intProp("pollMs", 100)));
    private volatile long started;

    {
        setUp(scenario("small batches")
                        .feed(small.feeder())
                        .during(Duration.ofSeconds(seconds), false) // every batch started is followed to its end
                        .on(exec(small.batch()).pause(Duration.ofMillis(think)))
                        .injectOpen(atOnceUsers(accounts)))
                .protocols(http.baseUrl(stack.usher).acceptHeader("application/json"));
    }

    @Override
    public void before() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < accounts; i++) {
            small.accounts.add(stack.createAccount("Gatling small " + run + " " + i, 1_000_000));
        }
        if (holdSmtp) {
            stack.holdSmtp(true);
        }
        System.out.printf("%d accounts posting 5-50 addresses at a time for %d s%n", accounts, seconds);
        started = System.nanoTime();
    }

    @Override
    public void after() {
        double elapsed = (System.nanoTime() - started) / 1e9;
        try {
            Figures f = new Figures("ManySmallBatchesSimulation (" + accounts + " accounts, " + seconds + " s)");
            f.line("batches completed: %,d in %.0f s (%.1f/s); failed or timed out: %d%s", small.latencies.size(),
                    elapsed, small.latencies.size() / elapsed, small.failures.size(),
                    small.failures.isEmpty() ? "" : " (first: " + small.failures.get(0) + ")");
            f.line("POST to completed (all outcomes readable): %s", Figures.spread(small.latencies));
            f.line("(reported; the issue sets no target for this figure)");
            f.print();
        } finally {
            if (holdSmtp) {
                for (String account : small.accounts) {
                    stack.setMailsAside(account);
                }
                stack.holdSmtp(false);
            }
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
