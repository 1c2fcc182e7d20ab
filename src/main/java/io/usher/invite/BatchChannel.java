package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One batch as this replica's streams watch it: one reader, whatever the number of watchers. It
 * knows how far the batch's outcomes are stored (the batch's {@code processed}, read on news and
 * on a tick while someone waits), keeps the block being filled as events, and wakes the streams
 * that wait when the batch moves. Streams behind read whole blocks through {@link EventPages}.
 */
final class BatchChannel {

    /** What a stream does next. */
    record Step(Kind kind, int block, Buffer completed) {
        enum Kind {
            WHOLE_BLOCK,
            FILLING_BLOCK,
            COMPLETED,
            WAIT
        }
    }

    private static final Step WAIT = new Step(Step.Kind.WAIT, -1, null);

    final UUID accountId;
    final UUID batchId;
    /** The language its streams read messages in: a batch has a channel per language read. */
    final OutcomeMessages say;

    private final EventPages pages;
    private final Set<EventStream> streams = new LinkedHashSet<>();
    private final Set<EventStream> waiting = new LinkedHashSet<>();
    private int stored;
    private Buffer completed;
    private EventPage filling;
    private Uni<EventPage> fillingRead;
    private boolean refreshing;
    private boolean again;
    private boolean scheduled;
    private long lastRefresh;

    BatchChannel(BatchView batch, String language, EventPages pages) {
        this.accountId = batch.accountId();
        this.batchId = batch.id();
        this.say = new OutcomeMessages(language, batch.role());
        this.pages = pages;
        observe(batch);
    }

    synchronized void attach(EventStream stream, BatchView view) {
        streams.add(stream);
        observe(view);
    }

    /** Whether the channel has no stream left. */
    synchronized boolean detach(EventStream stream) {
        streams.remove(stream);
        waiting.remove(stream);
        return streams.isEmpty();
    }

    synchronized List<EventStream> streams() {
        return new ArrayList<>(streams);
    }

    synchronized boolean completed() {
        return completed != null;
    }

    synchronized boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    /** What a stream that has sent everything up to {@code lastSent} does next. */
    synchronized Step next(int lastSent) {
        if (lastSent < stored) {
            int block = lastSent / EventPages.BLOCK;
            boolean whole = (block + 1) * EventPages.BLOCK <= stored || completed != null;
            return new Step(whole ? Step.Kind.WHOLE_BLOCK : Step.Kind.FILLING_BLOCK, block, null);
        }
        if (completed != null) {
            return new Step(Step.Kind.COMPLETED, -1, completed);
        }
        return WAIT;
    }

    /** Puts the stream among those woken when the batch moves, unless it moved already. */
    synchronized boolean await(EventStream stream, int lastSent) {
        if (lastSent < stored || completed != null) {
            return false;
        }
        waiting.add(stream);
        return true;
    }

    /**
     * The block being filled, up to what is known stored: read once for every stream that asks
     * while the read is under way, and extended from its last event rather than read again.
     */
    synchronized Uni<EventPage> filling(int block) {
        if (filling != null && filling.block() == block && filling.lastSeq() >= stored) {
            return Uni.createFrom().item(filling);
        }
        if (fillingRead != null) {
            return fillingRead;
        }
        EventPage base = filling != null && filling.block() == block ? filling : null;
        int after = base != null ? base.lastSeq() : block * EventPages.BLOCK;
        fillingRead = pages.read(accountId, batchId, block, after, say)
                .map(more -> filled(base, more))
                .onFailure()
                .invoke(this::readFailed)
                .memoize()
                .indefinitely();
        return fillingRead;
    }

    private synchronized EventPage filled(EventPage base, EventPage more) {
        EventPage page = base == null ? more : base.append(more);
        fillingRead = null;
        if (page.lastSeq() >= (page.block() + 1) * EventPages.BLOCK) {
            pages.offer(batchId, say.language(), page);
            filling = null;
        } else {
            filling = page;
        }
        return page;
    }

    private synchronized void readFailed(Throwable failure) {
        fillingRead = null;
    }

    /**
     * When to read the batch again: 0 to read it now (the read is then under way), a delay in
     * nanoseconds when a read was just planned for then, or -1 when one is under way or planned
     * already. One read at a time, at most one every {@code coalesceNanos}.
     */
    synchronized long refreshIn(long now, long coalesceNanos) {
        if (refreshing) {
            again = true;
            return -1;
        }
        if (scheduled) {
            return -1;
        }
        long wait = lastRefresh + coalesceNanos - now;
        if (lastRefresh != 0 && wait > 0) {
            scheduled = true;
            return wait;
        }
        refreshing = true;
        again = false;
        return 0;
    }

    synchronized void scheduledRun() {
        scheduled = false;
    }

    synchronized long lastRefresh() {
        return lastRefresh;
    }

    /**
     * The batch as just read: the streams that waited are woken if it moved. Returns them, and
     * whether news came during the read (then another refresh follows).
     */
    synchronized Woken refreshed(BatchView view, long now) {
        refreshing = false;
        lastRefresh = now;
        boolean moved = observe(view);
        List<EventStream> woken = List.of();
        if (moved && !waiting.isEmpty()) {
            woken = new ArrayList<>(waiting);
            waiting.clear();
        }
        return new Woken(woken, again);
    }

    synchronized void refreshFailed(long now) {
        refreshing = false;
        lastRefresh = now;
    }

    record Woken(List<EventStream> streams, boolean again) {}

    private boolean observe(BatchView view) {
        boolean moved = false;
        if (view.processed() > stored) {
            stored = view.processed();
            moved = true;
        }
        if (completed == null && view.status() == BatchStatus.COMPLETED && view.processed() >= view.total()) {
            stored = view.total();
            completed = pages.completed(view);
            moved = true;
        }
        return moved;
    }
}
