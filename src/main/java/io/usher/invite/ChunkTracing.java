package io.usher.invite;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a batch's trace from its HTTP request, through its request records, to the chunks that
 * decide it and the publications of their outcomes: one span per chunk and one per publication,
 * never one per record. A request's records all carry the request's {@code traceparent}; a chunk's
 * span continues the first batch it holds and links the others.
 */
@ApplicationScoped
public class ChunkTracing {

    static final String TRACEPARENT = "traceparent";
    /** A chunk of many small batches links at most this many of their traces. */
    private static final int MAX_LINKS = 32;

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public ChunkTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("io.usher.invite");
        this.propagator = telemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * The current trace as the header every record of a request carries, or null when nothing is
     * traced (tracing off, or not sampled): read once per request, not per record.
     */
    byte[] currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, Map::put);
        String value = carrier.get(TRACEPARENT);
        return value == null ? null : value.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] traceparentOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(TRACEPARENT);
        return header == null ? null : header.value();
    }

    /**
     * The distinct traces of a chunk's records, in order; consecutive records of one request share
     * one array's content, so this compares neighbours and rarely allocates.
     */
    static List<byte[]> distinct(List<byte[]> traceparents) {
        List<byte[]> found = new ArrayList<>();
        byte[] previous = null;
        for (byte[] traceparent : traceparents) {
            if (traceparent == null || Arrays.equals(traceparent, previous)) {
                continue;
            }
            previous = traceparent;
            if (found.size() <= MAX_LINKS && found.stream().noneMatch(t -> Arrays.equals(t, traceparent))) {
                found.add(traceparent);
            }
        }
        return found;
    }

    /** Starts the span of one chunk: a child of its first request's trace, linked to the others'. */
    Span startChunk(UUID accountId, int requests, List<byte[]> traceparents) {
        SpanBuilder span = tracer.spanBuilder("invitation-requests process")
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.batch.message_count", requests)
                .setAttribute("usher.account_id", accountId.toString());
        boolean parented = false;
        for (byte[] traceparent : traceparents) {
            Context context = propagator.extract(
                    Context.root(),
                    Map.of(TRACEPARENT, new String(traceparent, StandardCharsets.US_ASCII)),
                    MAP_GETTER);
            SpanContext remote = Span.fromContext(context).getSpanContext();
            if (!remote.isValid()) {
                continue;
            }
            if (parented) {
                span.addLink(remote);
            } else {
                span.setParent(context);
                parented = true;
            }
        }
        if (!parented) {
            span.setNoParent();
        }
        return span.startSpan();
    }

    /** Starts the span of the publication of a chunk's outcomes, inside the chunk's trace. */
    Span startPublish(Span chunk, int outcomes) {
        return tracer.spanBuilder("invitation-outcomes publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.root().with(chunk))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.batch.message_count", outcomes)
                .startSpan();
    }

    static void end(Span span, Throwable failure) {
        if (failure != null) {
            // The kind of failure only: a message may quote an address from the chunk.
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }
}
