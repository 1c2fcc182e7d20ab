package io.usher.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Finished spans kept in memory instead of sent by OTLP (Quarkus exports to every SpanExporter
 * bean). Spans are only made where a profile turns tracing on ({@link TracedAndCutOff}).
 */
public class InMemoryTraces {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
