package io.usher.platform;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness that means "this replica can serve": PostgreSQL answers a ping from this replica's
 * pool, or answered one less than {@code usher.health.database-grace} ago. It replaces the
 * datasource extension's check (off at build time: {@code quarkus.datasource.health.enabled}), which
 * says DOWN at the first failed ping — so a fail-over of a few seconds took every replica out of its
 * Service at once — and which also opened a JDBC connection (Flyway's pool) on every probe.
 *
 * <p>Liveness never asks the database: a restart cures no outage of a dependency.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "Database connections (PostgreSQL from this replica)";
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;
    private final Duration grace;
    // The replica has started (Flyway migrated through this database), so it was reachable then.
    private volatile long lastAnswered = System.nanoTime();

    public DatabaseReadiness(Pool pool, UsherConfig config) {
        this.pool = pool;
        this.grace = config.health().databaseGrace();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1")
                .execute()
                .ifNoItem()
                .after(PING_TIMEOUT)
                .fail()
                .map(rows -> {
                    lastAnswered = System.nanoTime();
                    return HealthCheckResponse.up(NAME);
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Duration silent = Duration.ofNanos(System.nanoTime() - lastAnswered);
                    return HealthCheckResponse.named(NAME)
                            .status(silent.compareTo(grace) < 0)
                            .withData("unanswered-for", silent.toMillis() + " ms")
                            .withData("grace", grace.toMillis() + " ms")
                            .withData(
                                    "error",
                                    failure.getClass().getSimpleName() + ": " + String.valueOf(failure.getMessage()))
                            .build();
                });
    }
}
