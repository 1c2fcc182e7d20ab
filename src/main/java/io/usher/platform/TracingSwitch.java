package io.usher.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tracing is on exactly when an OTLP endpoint is configured. Quarkus's own default endpoint is
 * {@code localhost:4317}, so a replica without a collector would try it and log every failure;
 * this turns the SDK off instead ({@code quarkus.otel.sdk.disabled}), below every other source,
 * so that an explicit {@code QUARKUS_OTEL_SDK_DISABLED} still decides.
 */
public final class TracingSwitch implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    private static final List<String> ENDPOINTS =
            List.of("quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpoint = ENDPOINTS.stream().map(context::getValue).anyMatch(TracingSwitch::isSet);
        return List.of(new PropertiesConfigSource(
                Map.of(SDK_DISABLED, Boolean.toString(!endpoint)), "usher-tracing-switch", 10));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(10);
    }

    /**
     * Set by the operator: Quarkus also gives the endpoint its default ({@code localhost:4317}),
     * from a source of negative ordinal, which does not count.
     */
    private static boolean isSet(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > 0;
    }
}
