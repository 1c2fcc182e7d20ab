package io.usher.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A database of the test run's own on the machine's PostgreSQL (started if it is down), so a
 * run never depends on what an earlier one left. Flyway migrates it when Usher starts; it is
 * dropped at the end, and databases left by crashed runs are dropped at the next start.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String HOST = System.getProperty("test-stack.db.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("test-stack.db.port", 5432);
    static final String USER = System.getProperty("test-stack.db.user", "postgres");
    private static final String PREFIX = "usher_test_";

    private String database;

    @Override
    public Map<String, String> start() {
        ensureServerRunning();
        long pid = ProcessHandle.current().pid();
        database = PREFIX + pid + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = connect("postgres");
                Statement sql = admin.createStatement()) {
            dropLeftovers(admin);
            sql.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database", e);
        }
        return Map.of(
                "quarkus.datasource.username",
                USER,
                "quarkus.datasource.password",
                "",
                "quarkus.datasource.reactive.url",
                "postgresql://" + HOST + ":" + PORT + "/" + database,
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database);
    }

    @Override
    public void stop() {
        if (database == null) {
            return;
        }
        try (Connection admin = connect("postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the test database " + database + ": " + e.getMessage());
        }
    }

    /** Databases of runs whose JVM is gone. */
    private static void dropLeftovers(Connection admin) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Statement sql = admin.createStatement();
                ResultSet rows =
                        sql.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rows.next()) {
                String name = rows.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                boolean alive = false;
                try {
                    alive = ProcessHandle.of(Long.parseLong(parts[0])).isPresent();
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
                if (!alive) {
                    stale.add(name);
                }
            }
        }
        for (String name : stale) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + database, USER, "");
    }

    private static void ensureServerRunning() {
        try (Connection ignored = connect("postgres")) {
            return;
        } catch (SQLException refused) {
            System.err.println(
                    "PostgreSQL does not answer on " + HOST + ":" + PORT + "; starting the machine's cluster");
        }
        try {
            Process start = new ProcessBuilder(
                            "bash",
                            "-c",
                            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main start")
                    .inheritIO()
                    .start();
            start.waitFor();
            for (int i = 0; i < 50; i++) {
                try (Connection ignored = connect("postgres")) {
                    return;
                } catch (SQLException notYet) {
                    Thread.sleep(200);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL is not running and could not be started", e);
        }
        throw new IllegalStateException("PostgreSQL did not come up on " + HOST + ":" + PORT);
    }
}
