package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.platform.ProblemException;
import io.usher.platform.ReplicaLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A batch's outcomes as server-sent events: stored ones after the client's last event id first,
 * then new ones as they are stored, each exactly once and in seq order, then one {@code completed}
 * event and the end. Every event is read from PostgreSQL after the last one sent; the outcome
 * feed and a one-second tick only say when to look, so no replica, redelivery or reconnection can
 * make a gap or a repeat.
 */
@ApplicationScoped
public class BatchEvents {

    static final int PAGE = 1_000;
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration COALESCE = Duration.ofMillis(100);

    private final Outcomes outcomes;
    private final Batches batches;
    private final OutcomeFeed feed;
    private final ObjectMapper json;
    private final InvitationMetrics metrics;
    private final ReplicaLifecycle lifecycle;

    public BatchEvents(
            Outcomes outcomes,
            Batches batches,
            OutcomeFeed feed,
            ObjectMapper json,
            InvitationMetrics metrics,
            ReplicaLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.outcomes = outcomes;
        this.batches = batches;
        this.feed = feed;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * The batch's outcomes after {@code after}, then {@code completed}. A replica that is leaving
     * ends its streams (within a tick) rather than holding its shutdown until they end: each client
     * reconnects with Last-Event-ID and is sent to another replica, which resumes after the last event.
     */
    public Multi<OutboundSseEvent> stream(BatchView batch, int after, Sse sse) {
        Subscription state = new Subscription(batch, after, sse);
        return Multi.createBy()
                .repeating()
                .uni(() -> state.polled
                        ? nextSignal(batch.id(), state.lastSent > 0).chain(signal -> state.poll())
                        : state.poll())
                .whilst(events -> !state.done && !lifecycle.leaving())
                .onItem()
                .transformToIterable(events -> events)
                .onSubscription()
                .invoke(metrics::streamOpened)
                .onTermination()
                .invoke(metrics::streamClosed);
    }

    /**
     * Completes when this batch has news, or after a tick, whichever comes first. Once outcomes
     * flow, news waits a moment so that one read takes many chunks' outcomes; the first news of a
     * stream is read at once, since a small batch's first outcome is what its caller waits for.
     */
    private Uni<Object> nextSignal(UUID batchId, boolean coalesce) {
        Uni<Object> news = feed.newsOf(batchId).toUni().map(signal -> (Object) signal);
        if (coalesce) {
            news = news.onItem().delayIt().by(COALESCE);
        }
        return news.ifNoItem().after(TICK).recoverWithItem(Boolean.TRUE);
    }

    private final class Subscription {
        final UUID accountId;
        final UUID batchId;
        final Sse sse;
        int lastSent;
        boolean done;
        boolean polled;
        long lastWrite = System.nanoTime();

        Subscription(BatchView batch, int after, Sse sse) {
            this.accountId = batch.accountId();
            this.batchId = batch.id();
            this.sse = sse;
            this.lastSent = Math.max(0, after);
        }

        /** Everything stored after the last event sent, then the end if the batch is complete. */
        Uni<List<OutboundSseEvent>> poll() {
            polled = true;
            return collect(new ArrayList<>());
        }

        private Uni<List<OutboundSseEvent>> collect(List<OutboundSseEvent> events) {
            return outcomes.after(accountId, batchId, lastSent, PAGE).chain(page -> {
                for (OutcomeView outcome : page) {
                    events.add(sse.newEventBuilder()
                            .name("outcome")
                            .id(String.valueOf(outcome.seq()))
                            .mediaType(MediaType.TEXT_PLAIN_TYPE)
                            .data(write(outcome))
                            .build());
                    lastSent = outcome.seq();
                }
                if (page.size() == PAGE) {
                    return collect(events);
                }
                return batches.get(accountId, batchId).map(batch -> {
                    if (batch.status() == BatchStatus.COMPLETED && lastSent >= batch.total()) {
                        events.add(sse.newEventBuilder()
                                .name("completed")
                                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                                .data(write(batch))
                                .build());
                        done = true;
                    } else if (events.isEmpty() && System.nanoTime() - lastWrite > HEARTBEAT.toNanos()) {
                        events.add(sse.newEventBuilder().comment("heartbeat").build());
                    }
                    if (!events.isEmpty()) {
                        lastWrite = System.nanoTime();
                    }
                    return events;
                });
            });
        }
    }

    /**
     * Events carry their JSON already written, as text: handed over as JSON, every one of a
     * batch's events had the framework look up and run a JSON writer again (a fifth of the
     * service's CPU while streaming 100,000 outcomes). On the wire an event's data is text either way.
     */
    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a (re)connecting subscriber resumes: its Last-Event-ID, else ?after=, else the start. */
    public static int resumeFrom(String lastEventId, Integer after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return Math.max(0, Integer.parseInt(lastEventId.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("Last-Event-ID", "must be the seq of an outcome event");
            }
        }
        return after == null ? 0 : Math.max(0, after);
    }
}
