package io.usher.invite;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * This replica's view of the outcome topic, read in a consumer group of its own so that every
 * replica hears every outcome: it tells the replica's subscribers which batches have news. The
 * outcomes themselves are read from PostgreSQL, in order, so nothing here can reorder or lose one.
 */
@ApplicationScoped
public class OutcomeFeed {

    private final BatchEvents events;

    public OutcomeFeed(BatchEvents events) {
        this.events = events;
    }

    /** Outcomes are keyed by their batch id: the key says who has news, the value is not read. */
    @Incoming(Channels.INVITATION_OUTCOMES)
    public void onOutcomes(ConsumerRecords<String, byte[]> outcomes) {
        Set<String> batches = new LinkedHashSet<>();
        for (ConsumerRecord<String, byte[]> outcome : outcomes) {
            if (outcome.key() != null) {
                batches.add(outcome.key());
            }
        }
        for (String batch : batches) {
            try {
                events.news(UUID.fromString(batch));
            } catch (IllegalArgumentException ignored) {
                // not an outcome of ours: nobody waits for it
            }
        }
    }
}
