package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A batch's outcome events, read from PostgreSQL a block at a time and written once as
 * server-sent events. Whole blocks are kept in a cache bounded by bytes and shared by every stream
 * of the replica: replays of one batch read each block once while they run side by side, and a
 * block being read is awaited, not read again. A block still being filled is never cached here:
 * its batch's channel keeps it (BatchChannel).
 */
@ApplicationScoped
public class EventPages {

    /** Outcomes per block: one read, one write to each stream. */
    static final int BLOCK = 1_000;
    /** What whole blocks may hold in memory on a replica (about a hundred blocks). */
    static final long CACHE_BYTES = 16L * 1024 * 1024;

    private static final byte[] OUTCOME_HEAD = "\nevent: outcome\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Outcomes outcomes;
    private final ObjectWriter outcomeWriter;
    private final ObjectWriter batchWriter;
    private final Counter reads;
    private final AsyncCache<BlockKey, EventPage> blocks = Caffeine.newBuilder()
            .maximumWeight(CACHE_BYTES)
            .<BlockKey, EventPage>weigher((key, page) -> page.weight())
            .buildAsync();

    public EventPages(Outcomes outcomes, ObjectMapper json, MeterRegistry registry) {
        this.outcomes = outcomes;
        this.reads = Counter.builder("usher.sse.reads")
                .description("Reads the event streams made: of a batch's state, or of a block of its outcomes")
                .tag("of", "outcomes")
                .register(registry);
        this.outcomeWriter = json.writerFor(OutcomeView.class);
        this.batchWriter = json.writerFor(BatchView.class);
    }

    /**
     * The block's events, when every outcome of the block is stored, with their messages in the
     * readers' language: a block is kept once per language read.
     */
    Uni<EventPage> whole(UUID accountId, UUID batchId, int block, OutcomeMessages say) {
        return Uni.createFrom()
                .completionStage(() -> blocks.get(
                        new BlockKey(batchId, block, say.language()),
                        (key, executor) -> read(accountId, batchId, block, block * BLOCK, say)
                                .subscribeAsCompletionStage()));
    }

    /** A block that a channel watched fill up: kept for the streams that come after it. */
    void offer(UUID batchId, String language, EventPage page) {
        blocks.asMap()
                .putIfAbsent(new BlockKey(batchId, page.block(), language), CompletableFuture.completedFuture(page));
    }

    /** The block's events stored after {@code after}. */
    Uni<EventPage> read(UUID accountId, UUID batchId, int block, int after, OutcomeMessages say) {
        int upTo = (block + 1) * BLOCK;
        reads.increment();
        return outcomes.between(accountId, batchId, after, upTo, say).map(views -> page(block, after, views));
    }

    /**
     * The event that ends a batch's stream. Its id is {@link BatchEvents#COMPLETED_ID}: a client
     * that reconnects after it (an EventSource does, whenever a response ends) sends that id back
     * and is answered 204, which tells it to stop.
     */
    Buffer completed(BatchView batch) {
        Buffer event = Buffer.buffer("id: " + BatchEvents.COMPLETED_ID + "\nevent: completed\ndata: ");
        try {
            event.appendBytes(batchWriter.writeValueAsBytes(batch));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return event.appendBytes(END);
    }

    private EventPage page(int block, int after, List<OutcomeView> views) {
        if (views.isEmpty()) {
            return EventPage.empty(block, after);
        }
        Buffer bytes = Buffer.buffer(views.size() * 192);
        int[] seqs = new int[views.size()];
        int[] offsets = new int[views.size()];
        try {
            for (int i = 0; i < views.size(); i++) {
                OutcomeView view = views.get(i);
                seqs[i] = view.seq();
                offsets[i] = bytes.length();
                bytes.appendString("id: ")
                        .appendString(Integer.toString(view.seq()))
                        .appendBytes(OUTCOME_HEAD)
                        .appendBytes(outcomeWriter.writeValueAsBytes(view))
                        .appendBytes(END);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new EventPage(block, after, seqs[seqs.length - 1], bytes, seqs, offsets);
    }

    private record BlockKey(UUID batchId, int block, String language) {}
}
