package io.usher.invite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * This replica's view of the outcome topic, read in a consumer group of its own so that every
 * replica hears every outcome: it tells the replica's subscribers which batches have news. The
 * outcomes themselves are read from PostgreSQL, in order, so nothing here can reorder or lose one.
 */
@ApplicationScoped
public class OutcomeFeed {

    private final BroadcastProcessor<UUID> news = BroadcastProcessor.create();
    private final ObjectMapper json;

    public OutcomeFeed(ObjectMapper json) {
        this.json = json;
    }

    @Incoming(Channels.INVITATION_OUTCOMES)
    public void onOutcomes(List<String> outcomes) {
        Set<UUID> batches = new LinkedHashSet<>();
        for (String outcome : outcomes) {
            try {
                JsonNode batchId = json.readTree(outcome).get("batchId");
                if (batchId != null) {
                    batches.add(UUID.fromString(batchId.asText()));
                }
            } catch (Exception ignored) {
                // not an outcome of ours: nobody waits for it
            }
        }
        batches.forEach(news::onNext);
    }

    /** A signal each time outcomes of this batch were published. */
    public Multi<UUID> newsOf(UUID batchId) {
        return news.select().where(batchId::equals);
    }
}
