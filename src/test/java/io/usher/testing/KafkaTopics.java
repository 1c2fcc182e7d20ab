package io.usher.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Utils;

/**
 * Topics of the test broker: made, taken away and brought back, and which partition a key goes to;
 * its SCRAM users and consumer groups.
 */
public final class KafkaTopics {

    private KafkaTopics() {}

    public static void create(String bootstrap, Map<String, Integer> topics) {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(topics.entrySet().stream()
                            .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the topics " + topics.keySet(), e);
        }
    }

    /**
     * Waits until the SASL listener takes this user's login: the service's consumers, refused
     * once, would not try again.
     */
    public static void awaitScramLogin(String saslBootstrap, String user, String password) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    saslBootstrap,
                    AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
                    "SASL_PLAINTEXT",
                    SaslConfigs.SASL_MECHANISM,
                    "SCRAM-SHA-512",
                    SaslConfigs.SASL_JAAS_CONFIG,
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                            + "\" password=\"" + password + "\";"))) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The broker does not take the SCRAM login of " + user, e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The consumer groups whose id starts so. */
    public static Set<String> groups(String bootstrap, String prefix) {
        try (Admin admin = admin(bootstrap)) {
            return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId)
                    .filter(id -> id.startsWith(prefix))
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the consumer groups", e);
        }
    }

    /** How many partitions the group has an offset committed for. */
    public static int committedOffsets(String bootstrap, String group) {
        try (Admin admin = admin(bootstrap)) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .size();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the offsets of " + group, e);
        }
    }

    public static void delete(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            // Deletion completes in the background; wait until the name is gone.
            for (int i = 0; i < 100 && admin.listTopics().names().get().contains(topic); i++) {
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot delete the topic " + topic, e);
        }
    }

    public static Set<String> names(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the topics", e);
        }
    }

    /** The partition the producers' default partitioner gives a key. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
