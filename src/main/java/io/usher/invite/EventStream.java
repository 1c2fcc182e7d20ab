package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One client's stream of a batch's events. It writes whole pages of events to the connection as
 * they are read, and reads the next only once the connection has taken the last (back-pressure:
 * a slow client holds one page, never the batch). Every step runs on the stream's own context, one
 * at a time. The REST layer has written the SSE headers and ends the response once the stream
 * completes; the events themselves are written here, a page per write, since one write per event
 * cost more than everything else a replay does.
 */
final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
    /**
     * How long a client waits before reconnecting a dropped stream, said first: clients otherwise
     * pick their own (browsers about 3 s), and a replica's clients should not all come back at once
     * at the same instant of their own choosing either; 2 s is about a rolling restart's gap.
     */
    private static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");

    private static final long RETRY_MILLIS = 1_000;
    /** The most bytes written to the connection at once, and what it may queue. */
    private static final int SLICE = 8 * 1024;

    private static final int QUEUE = 16 * 1024;

    private final BatchChannel channel;
    private final EventPages pages;
    private final HttpServerResponse response;
    private final Context context;
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private int lastSent;
    /** What is left to write of the last page read, from {@code unsentOffset}. */
    private Buffer unsent;

    private int unsentOffset;
    private boolean busy;
    private volatile boolean closed;
    private volatile long lastWrite = System.nanoTime();

    EventStream(
            BatchChannel channel,
            EventPages pages,
            HttpServerResponse response,
            Context context,
            MultiEmitter<? super OutboundSseEvent> emitter,
            int after) {
        this.channel = channel;
        this.pages = pages;
        this.response = response;
        this.context = context;
        this.emitter = emitter;
        this.lastSent = Math.max(0, after);
    }

    void start() {
        // What the connection may queue before the stream waits for it to drain: a stream whose
        // client reads slowly holds this much of its own, the rest stays in the shared page.
        response.setWriteQueueMaxSize(QUEUE);
        response.drainHandler(drained -> advance());
        write(RETRY);
        advance();
    }

    /** Sends what there is to send, unless the stream is already at it. */
    void advance() {
        context.runOnContext(run -> {
            if (!closed && !busy) {
                step();
            }
        });
    }

    /** A heartbeat when nothing was written for a while; the end when the replica leaves. */
    void tick(long now, Duration heartbeat, boolean leaving) {
        if (!leaving && now - lastWrite <= heartbeat.toNanos()) {
            return; // the usual case, decided without a task on the stream's context
        }
        context.runOnContext(run -> {
            if (closed) {
                return;
            }
            if (leaving) {
                finish();
            } else if (!busy && unsent == null && now - lastWrite > heartbeat.toNanos()) {
                write(HEARTBEAT);
            }
        });
    }

    /** The client left, or the stream ended. */
    void closed() {
        closed = true;
    }

    private void step() {
        busy = true;
        if (unsent != null) {
            writeUnsent();
            return;
        }
        BatchChannel.Step next = channel.next(lastSent);
        switch (next.kind()) {
            case WAIT -> {
                busy = false;
                if (!channel.await(this, lastSent)) {
                    advance();
                }
            }
            case COMPLETED -> {
                write(next.completed());
                finish();
            }
            case WHOLE_BLOCK -> send(pages.whole(channel.accountId, channel.batchId, next.block(), channel.say));
            case FILLING_BLOCK -> send(channel.filling(next.block()));
        }
    }

    private void send(Uni<EventPage> page) {
        page.subscribe()
                .with(
                        read -> context.runOnContext(run -> sent(read)),
                        failure -> context.runOnContext(run -> {
                            LOG.debugf(failure, "events of batch %s not read; trying again", channel.batchId);
                            busy = false;
                            context.owner().setTimer(RETRY_MILLIS, retry -> advance());
                        }));
    }

    private void sent(EventPage page) {
        if (closed) {
            return;
        }
        Buffer events = page.after(lastSent);
        if (events == null) {
            // Nothing past what was sent, though the batch said more was stored: look again later.
            busy = false;
            context.owner().setTimer(RETRY_MILLIS, retry -> advance());
            return;
        }
        unsent = events;
        unsentOffset = 0;
        lastSent = page.lastSeq();
        writeUnsent();
    }

    /**
     * Writes the page in slices while the connection takes them: the connection's queue then holds
     * at most its high-water mark and a slice, whatever the page, and the rest waits in the page
     * itself, which every stream of the batch shares. The drain handler goes on from where it stopped.
     */
    private void writeUnsent() {
        while (unsentOffset < unsent.length()) {
            if (response.writeQueueFull()) {
                busy = false;
                return;
            }
            int end = Math.min(unsent.length(), unsentOffset + SLICE);
            write(unsentOffset == 0 && end == unsent.length() ? unsent : unsent.slice(unsentOffset, end));
            unsentOffset = end;
        }
        unsent = null;
        step();
    }

    private void write(Buffer bytes) {
        lastWrite = System.nanoTime();
        try {
            response.write(bytes);
        } catch (IllegalStateException gone) {
            // the connection closed under the write: the REST layer ends the stream
            closed = true;
        }
    }

    private void finish() {
        closed = true;
        busy = false;
        emitter.complete();
    }
}
