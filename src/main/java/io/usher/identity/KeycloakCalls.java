package io.usher.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Calls to Keycloak's admin API on {@code /q/metrics}: {@code usher_keycloak_calls_seconds{operation,result}}. */
final class KeycloakCalls {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    KeycloakCalls(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer get(String operation, String result) {
        return timers.computeIfAbsent(
                operation + ' ' + result,
                key -> Timer.builder("usher.keycloak.calls")
                        .description("Calls to Keycloak's admin API, each attempt on its own")
                        .tag("operation", operation)
                        .tag("result", result)
                        .publishPercentileHistogram()
                        .register(registry));
    }
}
