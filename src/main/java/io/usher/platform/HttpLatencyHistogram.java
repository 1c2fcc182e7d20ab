package io.usher.platform;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The HTTP server's request timer publishes a few latency buckets, so that an alert can read a
 * percentile instead of the mean (a mean moves with one long upload). Fixed buckets, not
 * Micrometer's percentile histogram: its ~70 buckets would multiply every uri, method and status
 * series the timer already has.
 */
@Singleton
public class HttpLatencyHistogram {

    private static final String TIMER = "http.server.requests";

    static final Duration[] BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2_500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    @Produces
    @Singleton
    MeterFilter buckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!TIMER.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(java.util.Arrays.stream(BUCKETS)
                                .mapToDouble(d -> d.toNanos())
                                .toArray())
                        .build()
                        .merge(config);
            }
        };
    }
}
