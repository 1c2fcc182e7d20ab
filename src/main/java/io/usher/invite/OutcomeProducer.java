package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes stored outcomes on {@code invitation-outcomes}, keyed by batch id, and completes only
 * when the broker has them all: the worker commits its offsets after that, never before.
 */
@ApplicationScoped
public class OutcomeProducer {

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    public OutcomeProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper json, UsherConfig config) {
        Map<String, Object> settings = DurableProducers.settings(kafka, "usher-invitation-outcomes", 2);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = config.invitations().outcomesTopic();
    }

    public Uni<Void> publish(List<OutcomeEvent> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CompletableFuture<Void>> acks = outcomes.stream().map(this::send).toList();
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    private CompletableFuture<Void> send(OutcomeEvent outcome) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, outcome.batchId().toString(), json.writeValueAsBytes(outcome)),
                    (metadata, error) -> {
                        if (error == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(error);
                        }
                    });
        } catch (JsonProcessingException | RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
