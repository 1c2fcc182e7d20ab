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
import io.usher.testing.SseClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The outcomes topic only wakes streams up: with it gone, invitations go on, and a stream still
 * gets every outcome once, from its periodic read of the database.
 */
@QuarkusTest
class OutcomeTopicOutageIT {

    private static final String OUTCOMES = "invitation-outcomes";

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrap;

    @Test
    void withTheOutcomesTopicGoneBatchesCompleteAndStreamsGetEveryOutcome() throws Exception {
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("NoOutcomeTopic"), 1, 1000);
        KafkaTopics.delete(bootstrap, OUTCOMES);
        try {
            assertFalse(KafkaTopics.names(bootstrap).contains(OUTCOMES));
            String body = IntStream.rangeClosed(1, 500)
                    .mapToObj(i -> Seeds.email("no-topic" + i))
                    .collect(Collectors.joining("\n"));
            long posted = System.nanoTime();
            String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
            List<SseClient.Event> events = SseClient.read(
                    "/api/v1/invitation-batches/" + batchId + "/events", admin, null, 10_000, Duration.ofSeconds(60));
            Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(60));
            long seconds = Duration.ofNanos(System.nanoTime() - posted).toSeconds();
            assertTrue(seconds < 30, "500 addresses took " + seconds + " s without the outcomes topic");
            List<String> ids = events.stream()
                    .filter(e -> e.name().equals("outcome"))
                    .map(SseClient.Event::id)
                    .toList();
            assertEquals(500, ids.size(), "one outcome event per address");
            Set<String> distinct = new HashSet<>(ids);
            assertEquals(500, distinct.size(), "no outcome twice");
            assertEquals("completed", events.get(events.size() - 1).name());
            assertFalse(
                    KafkaTopics.names(bootstrap).contains(OUTCOMES),
                    "nothing brought the topic back behind the operator's back");
        } finally {
            KafkaTopics.create(bootstrap, Map.of(OUTCOMES, KafkaResource.TOPICS.get(OUTCOMES)));
        }
    }
}
