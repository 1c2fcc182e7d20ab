package io.usher.invite;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.usher.platform.ApiLanguage;
import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ReplicaLifecycle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A batch's outcomes as server-sent events: stored ones after the client's last event id first,
 * then new ones as they are stored, each exactly once and in seq order, then one {@code completed}
 * event and the end. Every event is read from PostgreSQL; the outcome feed and a one-second tick
 * only say when to look, so no replica, redelivery or reconnection can make a gap or a repeat.
 *
 * <p>The work is the batch's, not the watchers': the streams of one batch on this replica share
 * one channel (one read of the batch on news, at most every {@link #COALESCE}, and on the tick
 * while someone waits), and every stream sends the same pages of events, read and written once
 * (EventPages). A replay is sent a page at a time as the client takes it.
 */
@ApplicationScoped
public class BatchEvents {

    private static final Logger LOG = Logger.getLogger(BatchEvents.class);
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration COALESCE = Duration.ofMillis(100);

    /** A batch's channel for each language its streams read. */
    private final Map<ChannelKey, BatchChannel> channels = new ConcurrentHashMap<>();

    private final Batches batches;
    private final EventPages pages;
    private final InvitationMetrics metrics;
    private final ReplicaLifecycle lifecycle;
    private final Vertx vertx;
    private final Counter batchReads;

    public BatchEvents(
            Batches batches,
            EventPages pages,
            InvitationMetrics metrics,
            ReplicaLifecycle lifecycle,
            Vertx vertx,
            MeterRegistry registry) {
        this.batchReads = Counter.builder("usher.sse.reads")
                .description("Reads the event streams made: of a batch's state, or of a block of its outcomes")
                .tag("of", "batch")
                .register(registry);
        this.batches = batches;
        this.pages = pages;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.vertx = vertx;
    }

    /**
     * The batch's outcomes after {@code after}, then {@code completed}, written to {@code response}
     * (the returned stream carries no items: it ends when the batch's stream ends, and the client's
     * leaving cancels it). A replica that is leaving ends its streams within a tick rather than
     * holding its shutdown: each client reconnects with Last-Event-ID to another replica.
     */
    public Multi<OutboundSseEvent> stream(BatchView batch, int after, String language, HttpServerResponse response) {
        ChannelKey key = new ChannelKey(batch.id(), ApiLanguage.supported(language) ? language : ApiLanguage.ENGLISH);
        Context context = vertx.getOrCreateContext();
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            metrics.streamOpened();
            BatchChannel[] joined = new BatchChannel[1];
            EventStream[] opened = new EventStream[1];
            channels.compute(key, (id, existing) -> {
                BatchChannel channel = existing != null ? existing : new BatchChannel(batch, key.language(), pages);
                opened[0] = new EventStream(channel, pages, response, context, emitter, after);
                channel.attach(opened[0], batch);
                joined[0] = channel;
                return channel;
            });
            emitter.onTermination(() -> {
                opened[0].closed();
                channels.computeIfPresent(key, (id, channel) -> channel.detach(opened[0]) ? null : channel);
                metrics.streamClosed();
            });
            opened[0].start();
            if (!joined[0].completed()) {
                refresh(joined[0]);
            }
        });
    }

    /** Outcomes of this batch were stored and published. */
    void news(UUID batchId) {
        for (String language : LANGUAGES) {
            BatchChannel channel = channels.get(new ChannelKey(batchId, language));
            if (channel != null) {
                refresh(channel);
            }
        }
    }

    /** How many streams this replica holds open. */
    long open() {
        return metrics.streamsOpen();
    }

    /** How many batches this replica's streams watch (once per language they read). */
    int channels() {
        return channels.size();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        long now = System.nanoTime();
        boolean leaving = lifecycle.leaving();
        for (BatchChannel channel : channels.values()) {
            if (channel.anyWaiting() && now - channel.lastRefresh() >= TICK.toNanos()) {
                refresh(channel);
            }
            for (EventStream stream : channel.streams()) {
                stream.tick(now, HEARTBEAT, leaving);
            }
        }
    }

    private void refresh(BatchChannel channel) {
        long in = channel.refreshIn(System.nanoTime(), COALESCE.toNanos());
        if (in < 0) {
            return;
        }
        if (in > 0) {
            vertx.setTimer(Math.max(1, in / 1_000_000), fired -> {
                channel.scheduledRun();
                refresh(channel);
            });
            return;
        }
        batchReads.increment();
        batches.get(channel.accountId, channel.batchId)
                .subscribe()
                .with(
                        view -> {
                            BatchChannel.Woken woken = channel.refreshed(view, System.nanoTime());
                            woken.streams().forEach(EventStream::advance);
                            if (woken.again()) {
                                refresh(channel);
                            }
                        },
                        failure -> {
                            LOG.debugf(failure, "batch %s not read for its streams", channel.batchId);
                            channel.refreshFailed(System.nanoTime());
                        });
    }

    private static final List<String> LANGUAGES = List.of(ApiLanguage.ENGLISH, ApiLanguage.FRENCH);

    private record ChannelKey(UUID batchId, String language) {}

    /** Where a (re)connecting subscriber resumes: its Last-Event-ID, else ?after=, else the start. */
    /** The id of the {@code completed} event, which a reconnecting client sends back. */
    public static final String COMPLETED_ID = "completed";

    /** Whether the client has seen its stream's {@code completed} event: nothing is left to send. */
    static boolean seenCompleted(String lastEventId) {
        return lastEventId != null && COMPLETED_ID.equals(lastEventId.strip());
    }

    public static int resumeFrom(String lastEventId, Integer after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                return Math.max(0, Integer.parseInt(lastEventId.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("Last-Event-ID", ApiMessages::field_event_id);
            }
        }
        return after == null ? 0 : Math.max(0, after);
    }
}
