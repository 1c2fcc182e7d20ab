package usher.bench;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waiting inside a Gatling scenario for something that happens on another thread (an event
 * stream's reader): short pauses, so that Gatling's event loops never block and the enclosing
 * group's duration is the wait's, to 10 ms.
 */
public final class Waits {

    public static final String STREAM = "stream";

    private Waits() {}

    /**
     * GET of the batch: the client's look at it beside its stream. Gatling's report lists a group
     * only when a request ran inside it, so each group of a stream holds one.
     */
    public static ChainBuilder lookAtBatch(String name, Stack stack, java.util.function.Supplier<String> batch) {
        return exec(io.gatling.javaapi.http.HttpDsl.http(name)
                .get(s -> "/api/v1/invitation-batches/" + batch.get())
                .header("Authorization", s -> "Bearer " + stack.token())
                .check(io.gatling.javaapi.http.HttpDsl.status().is(200)));
    }

    public static ChainBuilder until(Predicate<EventStream> condition) {
        return asLongAs(s -> {
                    EventStream stream = s.get(STREAM);
                    if (!condition.test(stream) && stream.expired()) {
                        stream.abort();
                    }
                    return !condition.test(stream);
                })
                .on(pause(Duration.ofMillis(10)));
    }

    /** Fails the virtual user's group (KO in the report) when its stream broke the contract. */
    public static ChainBuilder judge() {
        return exec(s -> {
            EventStream stream = s.get(STREAM);
            if (!stream.ok()) {
                System.err.println("stream KO: " + stream.error);
                return s.markAsFailed();
            }
            return s;
        });
    }
}
