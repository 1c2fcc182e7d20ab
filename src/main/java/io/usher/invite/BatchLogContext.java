package io.usher.invite;

import io.opentelemetry.api.trace.SpanContext;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * The account and batch a piece of work is about, in the log's MDC: every line logged while it
 * runs carries them ({@code accountId}, {@code batchId}), in JSON and in plain logs alike. Quarkus
 * keeps the MDC in the request's (or message's) Vert.x context, so it follows the work across
 * threads and ends with it.
 */
final class BatchLogContext {

    static final String ACCOUNT = "accountId";
    static final String BATCH = "batchId";
    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";

    private BatchLogContext() {}

    static void set(UUID accountId, UUID batchId) {
        MDC.put(ACCOUNT, accountId.toString());
        if (batchId == null) {
            MDC.remove(BATCH);
        } else {
            MDC.put(BATCH, batchId.toString());
        }
    }

    /** A chunk may hold several batches of its account: their ids, comma-separated. */
    static void set(UUID accountId, String batchIds) {
        MDC.put(ACCOUNT, accountId.toString());
        MDC.put(BATCH, batchIds);
    }

    /**
     * The trace of a chunk, under the keys Quarkus uses for a request's: the chunk's span is not
     * made current (its work hops threads), so its lines would otherwise carry none.
     */
    static void setTrace(SpanContext span) {
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        } else {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }

    static void clear() {
        MDC.remove(ACCOUNT);
        MDC.remove(BATCH);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }
}
