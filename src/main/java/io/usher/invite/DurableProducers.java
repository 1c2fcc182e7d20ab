package io.usher.invite;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every producer of the pipeline shares: nothing counts as sent until all replicas
 * have it (acks=all), and retries never duplicate (idempotence); records go in large batches.
 */
final class DurableProducers {

    private DurableProducers() {}

    static Map<String, Object> settings(Map<String, Object> kafka, String clientId, int lingerMs) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }
}
