package io.usher.invite;

import java.util.UUID;

/**
 * A request record that cannot be read. It is set aside on the dead-letter topic with the reason;
 * when its header names its line ({@link RequestLineHeader}), that line still gets an outcome, so
 * its batch completes and the report shows the line.
 *
 * @param batchId the batch the header names, or null when it names none
 * @param seq the line the header names, or 0
 */
public record UnreadableRequest(UUID batchId, int seq, String reason, byte[] data) implements RequestRecord {

    public boolean attributed() {
        return batchId != null && seq > 0;
    }
}
