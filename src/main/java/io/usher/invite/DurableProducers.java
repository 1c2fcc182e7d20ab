package io.usher.invite;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every producer of the pipeline shares: nothing counts as sent until all replicas
 * have it (acks=all), and retries never duplicate (idempotence); records go in large batches.
 */
final class DurableProducers {

    private DurableProducers() {}

    /**
     * Starts from every shared {@code kafka.*} setting (and {@code KAFKA_*} variable) that the
     * connector's consumers get too — SASL, TLS, truststores — so that a secured cluster takes
     * these producers as it takes the consumers.
     */
    static Map<String, Object> settings(Map<String, Object> kafka, String clientId, int lingerMs) {
        Map<String, Object> settings = new HashMap<>(kafka);
        // Quarkus adds a group id for consumers; a producer has none.
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }
}
