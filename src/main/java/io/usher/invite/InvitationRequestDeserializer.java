package io.usher.invite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * Reads invitation requests on the Kafka client's own thread, which fetches ahead while the
 * workers write: parsing thousands of records is then off the chunks' path. A record no Usher
 * wrote becomes null and is skipped; blocking the partition on it would stop every account on it.
 */
public class InvitationRequestDeserializer implements Deserializer<InvitationRequest> {

    private static final Logger LOG = Logger.getLogger(InvitationRequestDeserializer.class);
    private static final ObjectReader READER = new ObjectMapper().readerFor(InvitationRequest.class);

    @Override
    public InvitationRequest deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            InvitationRequest request = READER.readValue(data);
            if (request.batchId() == null
                    || request.accountId() == null
                    || request.seq() < 1
                    || request.email() == null) {
                throw new IllegalArgumentException("incomplete request");
            }
            return request;
        } catch (Exception e) {
            LOG.errorf("Skipping an unreadable invitation request on %s: %s", topic, e.getMessage());
            return null;
        }
    }
}
