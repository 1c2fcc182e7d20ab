package io.usher.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft broker inside the test JVM, on free loopback ports. One broker serves
 * the whole run: a test profile restarts the service and its resources, but a second broker
 * started in the same JVM never takes the SCRAM login its metadata holds (the service's consumers
 * are refused for good), so the first one is kept until the JVM exits.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    /** The service's topics and their partitions: several, so that accounts share partitions as in production. */
    public static final Map<String, Integer> TOPICS = Map.of(
            "invitation-requests", 4,
            "invitation-outcomes", 4,
            "invitation-requests-dead-letters", 1);

    /** The plain listener, for the tests' own producers, consumers and admin clients. */
    public static final String TOOLS_BOOTSTRAP = "test-stack.kafka.tools-bootstrap";

    /** The listener that wants a SCRAM-SHA-512 login: the service's. */
    public static final String SASL_BOOTSTRAP = "test-stack.kafka.sasl-bootstrap";

    private static final String USER = "usher";
    /** The service's login (application.properties, %test.kafka.sasl.jaas.config). */
    private static final String PASSWORD = "usher-test-broker-only";

    /** A system property, not a static field: it outlives the class loader of a restart. */
    private static final String RUNNING = "test-stack.kafka.running";

    private KafkaRaftServer server;
    private Path logDir;

    @Override
    public synchronized Map<String, String> start() {
        String running = System.getProperty(RUNNING);
        if (running != null) {
            String[] listeners = running.split(" ");
            return Map.of(SASL_BOOTSTRAP, listeners[0], TOOLS_BOOTSTRAP, listeners[1]);
        }
        int brokerPort = FreePorts.next();
        int saslPort = FreePorts.next();
        int controllerPort = FreePorts.next();
        try {
            logDir = Files.createTempDirectory("usher-kafka-");
            new Formatter()
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setHasDynamicQuorum(false)
                    // The service's SCRAM user is in the metadata from the first record on: the
                    // broker takes its login as soon as it listens. (Made later by the admin API,
                    // it reached the controller, but a broker restarted in the same JVM never took it.)
                    .setScramArguments(List.of("SCRAM-SHA-512=[name=\"" + USER + "\",password=\"" + PASSWORD + "\"]"))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory", e);
        }
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        // Two listeners: the service's, which needs a SCRAM-SHA-512 login as a production cluster
        // does (every client of the service must carry the kafka.* security settings), and a
        // plain one for the broker itself and the tests' own tools.
        props.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL://127.0.0.1:" + saslPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.setProperty(
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL://127.0.0.1:" + saslPort);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty(
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT");
        props.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.setProperty(
                "listener.name.sasl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.setProperty("log.dirs", logDir.toString());
        props.setProperty("num.partitions", "4");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "4");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // Empty groups without offsets go at the next check: every 10 minutes by default.
        props.setProperty("offsets.retention.check.interval.ms", "1000");
        // Its default reserves 128 MB of heap at start, for compaction the tests never need.
        props.setProperty("log.cleaner.dedupe.buffer.size", "4194304");
        // As in production, topics are made on purpose, never by a client that names one: a test
        // can then take a topic away (OutcomeTopicOutageIT) without a consumer bringing it back.
        props.setProperty("auto.create.topics.enable", "false");
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        KafkaTopics.create(bootstrap, TOPICS);
        KafkaTopics.awaitScramLogin("127.0.0.1:" + saslPort, USER, PASSWORD);
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutDown, "usher-test-kafka-stop"));
        System.setProperty(RUNNING, "127.0.0.1:" + saslPort + " " + bootstrap);
        // The service's settings for it are in application.properties (%test.kafka.*), where a
        // test profile can change them.
        return Map.of(SASL_BOOTSTRAP, "127.0.0.1:" + saslPort, TOOLS_BOOTSTRAP, bootstrap);
    }

    /** The broker outlives every restart of the service: it stops when the JVM does. */
    @Override
    public void stop() {}

    private void shutDown() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
        if (logDir != null) {
            try (Stream<Path> files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
