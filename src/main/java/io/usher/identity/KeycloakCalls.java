package io.usher.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Calls to Keycloak's admin API on {@code /q/metrics}: {@code usher_keycloak_calls_seconds{operation,result}}. */
final class KeycloakCalls {

    private final MeterRegistry registry;

    KeycloakCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The timer of one operation and result; the registry keeps one per pair and hands it back. */
    Timer get(String operation, String result) {
        return Timer.builder("usher.keycloak.calls")
                .description("Calls to Keycloak's admin API, each attempt on its own")
                .tag("operation", operation)
                .tag("result", result)
                .publishPercentileHistogram()
                .register(registry);
    }
}
