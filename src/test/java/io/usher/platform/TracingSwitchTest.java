package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing follows the operator's OTLP endpoint, never Quarkus's default one. */
class TracingSwitchTest {

    private static boolean sdkDisabled(Map<String, String> operator) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                // Quarkus's own default, as its mapping provides it (a source of negative ordinal).
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withDefaultValue("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(operator, "environment", 300))
                .withSources(new TracingSwitch())
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertEquals(true, sdkDisabled(Map.of()));
        assertEquals(true, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " ")));
    }

    @Test
    void onWithEitherEndpoint() {
        assertEquals(false, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertEquals(false, sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317")));
    }

    @Test
    void anExplicitChoiceWins() {
        assertEquals(
                false,
                sdkDisabled(Map.of(TracingSwitch.SDK_DISABLED, "false")),
                "QUARKUS_OTEL_SDK_DISABLED=false traces without an endpoint (to the default collector)");
        assertEquals(
                true,
                sdkDisabled(Map.of(
                        "quarkus.otel.exporter.otlp.endpoint",
                        "http://collector:4317",
                        TracingSwitch.SDK_DISABLED,
                        "true")));
    }
}
