package io.usher.platform;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * W3C {@code traceparent} values, which carry a trace where no span can go along: in Kafka
 * headers and in outbox rows. Work that gathers many of them (a chunk, a round of mails) continues
 * the first and links the others, so each batch's trace shows it; never a span per record.
 */
public final class TraceParents {

    public static final String HEADER = "traceparent";
    /** A span gathering many traces links at most this many of them. */
    private static final int MAX_LINKS = 32;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceParents() {}

    /** The context's span as a traceparent, or null when nothing is traced there. */
    public static String of(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    public static String of(Span span) {
        return of(Context.root().with(span));
    }

    /** The span a traceparent names, or null when it names none. */
    public static SpanContext remote(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        SpanContext span = Span.fromContext(W3C.extract(Context.root(), Map.of(HEADER, traceparent), GETTER))
                .getSpanContext();
        return span.isValid() ? span : null;
    }

    /** The distinct values, in order, at most one more than the links a span takes. */
    public static List<String> distinct(Iterable<String> traceparents) {
        List<String> found = new ArrayList<>();
        String previous = null;
        for (String traceparent : traceparents) {
            if (traceparent == null || traceparent.equals(previous)) {
                continue;
            }
            previous = traceparent;
            if (found.size() <= MAX_LINKS && !found.contains(traceparent)) {
                found.add(traceparent);
            }
        }
        return found;
    }

    /** Makes the span continue the first trace and link the others; a root span when there are none. */
    public static SpanBuilder continueAndLink(SpanBuilder span, List<String> traceparents) {
        boolean parented = false;
        for (String traceparent : traceparents) {
            SpanContext remote = remote(traceparent);
            if (remote == null) {
                continue;
            }
            if (parented) {
                span.addLink(remote);
            } else {
                span.setParent(Context.root().with(Span.wrap(remote)));
                parented = true;
            }
        }
        return parented ? span : span.setNoParent();
    }
}
