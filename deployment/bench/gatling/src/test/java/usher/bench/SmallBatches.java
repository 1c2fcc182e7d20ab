package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What ManySmallBatches and MixedDay share: an account posting a small batch of new addresses
 * and reading its outcomes (GET /outcomes?after=) until every line has one.
 */
public final class SmallBatches {

    /** Post-to-completed latencies (seconds) of the batches that completed, and the failures. */
    public final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());

    public final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    public final List<String> accounts = Collections.synchronizedList(new ArrayList<>());
    private final Stack stack;
    private final String label;
    private final int minLines;
    private final int maxLines;
    private final Duration poll;
    private final Duration limit = Duration.ofMinutes(5);

    public SmallBatches(Stack stack, String label, int minLines, int maxLines, Duration poll) {
        this.stack = stack;
        this.label = label;
        this.minLines = minLines;
        this.maxLines = maxLines;
        this.poll = poll;
    }

    /** Each virtual user takes the next account, round the list. */
    public Iterator<Map<String, Object>> feeder() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public synchronized Map<String, Object> next() {
                return Map.of("account", accounts.get(next++ % accounts.size()));
            }
        };
    }

    /** One batch: POST, then outcomes until all are there, timed as the group "<label>: post to completed". */
    public ChainBuilder batch() {
        return exec(s -> {
                    int n = ThreadLocalRandom.current().nextInt(minLines, maxLines + 1);
                    String tag = label.replace(' ', '-') + "-" + UUID.randomUUID().toString().substring(0, 13);
                    return s.set("n", n)
                            .set("body", Stack.lines(tag, 0, n))
                            .set("after", 0)
                            .set("read", 0)
                            .set("t0", System.nanoTime());
                })
                .group(label + ": post to completed")
                .on(exec(http(label + ": POST invitations")
                                .post("/api/v1/accounts/#{account}/invitations?role=EDITOR")
                                .header("Authorization", s -> "Bearer " + stack.token())
                                .header("Content-Type", "text/plain")
                                .body(StringBody(s -> s.getString("body")))
                                .check(status().is(202), jsonPath("$.id").saveAs("batch")))
                        .asLongAs(s -> !s.isFailed()
                                && s.getInt("read") < s.getInt("n")
                                && System.nanoTime() - s.getLong("t0") < limit.toNanos())
                        .on(pause(poll)
                                .exec(http(label + ": GET outcomes")
                                        .get("/api/v1/invitation-batches/#{batch}/outcomes?after=#{after}&limit=500")
                                        .header("Authorization", s -> "Bearer " + stack.token())
                                        .check(
                                                status().is(200),
                                                jsonPath("$.items[*].seq")
                                                        .ofInt()
                                                        .findAll()
                                                        .optional()
                                                        .saveAs("seqs")))
                                .exec(s -> {
                                    List<Integer> seqs = s.contains("seqs") ? s.getList("seqs") : List.of();
                                    int after = s.getInt("after");
                                    for (int seq : seqs) {
                                        after = Math.max(after, seq);
                                    }
                                    return s.set("read", s.getInt("read") + seqs.size())
                                            .set("after", after)
                                            .remove("seqs");
                                }))
                        .exec(s -> {
                            if (!s.isFailed() && s.getInt("read") >= s.getInt("n")) {
                                latencies.add((System.nanoTime() - s.getLong("t0")) / 1e9);
                                return s;
                            }
                            failures.add(s.isFailed()
                                    ? "a request failed"
                                    : "not completed within " + limit.toSeconds() + " s (" + s.getInt("read") + " of "
                                            + s.getInt("n") + ")");
                            return s.markAsFailed();
                        }))
                .exec(s -> s.remove("body").markAsSucceeded());
    }
}
