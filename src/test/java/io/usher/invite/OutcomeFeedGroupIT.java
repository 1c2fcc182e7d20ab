package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.KafkaResource;
import io.usher.testing.KafkaTopics;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every replica reads the outcomes in a consumer group of its own; none may stay behind on the
 * broker once its replica is gone. The feed never commits an offset, and a group without offsets
 * is deleted by the broker when its last member leaves.
 */
@QuarkusTest
class OutcomeFeedGroupIT {

    private static final String PREFIX = "usher-outcome-feed-";

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrap;

    @Test
    void theFeedCommitsNothingAndAGroupLikeItsGoesWithItsMember() throws Exception {
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("FeedGroup"), 1, 10);
        String batchId = Batches.postLines(admin, accountId, Seeds.email("feed-group"), "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));

        Set<String> feeds = KafkaTopics.groups(bootstrap, PREFIX);
        assertFalse(feeds.isEmpty(), "the service's own feed group is there while it runs");
        for (String feed : feeds) {
            assertEquals(0, KafkaTopics.committedOffsets(bootstrap, feed), feed + " committed an offset");
        }

        // A replica's feed that stops, as one with the service's settings does.
        String gone = PREFIX + UUID.randomUUID();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        gone,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("invitation-outcomes"));
            long joined = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < joined) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertFalse(consumer.assignment().isEmpty(), "the consumer joined its group");
            assertTrue(KafkaTopics.groups(bootstrap, PREFIX).contains(gone));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (KafkaTopics.groups(bootstrap, PREFIX).contains(gone) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertFalse(KafkaTopics.groups(bootstrap, PREFIX).contains(gone), "the group left nothing behind");
    }
}
