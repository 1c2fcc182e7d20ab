package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.usher.member.Role;
import io.usher.testing.KafkaResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationRequestProducerIT {

    @Inject
    InvitationRequestProducer producer;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrapServers;

    @ConfigProperty(name = "usher.invitations.requests-topic")
    String topic;

    @Test
    void aRequestMakesARoundTripThroughTheBrokerKeyedByAccount() throws Exception {
        // An unknown batch: the workers read this record too, and drop it.
        UUID batch = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        InvitationRequest sent = new InvitationRequest(
                batch, account, 7, "ada@example.com", Role.EDITOR, List.of(UUID.randomUUID()), "Olivia");
        producer.sendAll(List.of(sent));

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "round-trip-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, String> found = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(batch.toString())) {
                        found = record;
                    }
                }
            }
            assertNotNull(found, "the record never came back from the broker");
            assertEquals(account.toString(), found.key());
            JsonNode value = json.readTree(found.value());
            assertEquals(batch.toString(), value.get("batchId").asText());
            assertEquals(account.toString(), value.get("accountId").asText());
            assertEquals(7, value.get("seq").asInt());
            assertEquals("ada@example.com", value.get("email").asText());
            assertEquals("EDITOR", value.get("role").asText());
            assertEquals(
                    sent.teams().get(0).toString(), value.get("teams").get(0).asText());
            assertEquals("Olivia", value.get("requestedBy").asText());
        }
    }
}
