package io.usher.invite;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.usher.platform.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries a batch's trace from its HTTP request, through its request records, to the chunks that
 * decide it, the publications of their outcomes and the mails: one span per chunk and one per
 * publication, never one per record. A request's records all carry the request's
 * {@code traceparent}; a chunk's span continues the first batch it holds and links the others,
 * and its mails carry the chunk's.
 */
@ApplicationScoped
public class ChunkTracing {

    private final Tracer tracer;

    public ChunkTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("io.usher.invite");
    }

    /**
     * The current trace as the header every record of a request carries, or null when nothing is
     * traced (tracing off, or not sampled): read once per request, not per record.
     */
    byte[] currentTraceparent() {
        String value = TraceParents.of(Context.current());
        return value == null ? null : value.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] traceparentOf(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(TraceParents.HEADER);
        return header == null ? null : header.value();
    }

    /** Starts the span of one chunk: a child of its first request's trace, linked to the others'. */
    Span startChunk(UUID accountId, int requests, List<String> traceparents) {
        return TraceParents.continueAndLink(
                        tracer.spanBuilder("invitation-requests process")
                                .setSpanKind(SpanKind.CONSUMER)
                                .setAttribute("messaging.system", "kafka")
                                .setAttribute("messaging.batch.message_count", requests)
                                .setAttribute("usher.account_id", accountId.toString()),
                        traceparents)
                .startSpan();
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
