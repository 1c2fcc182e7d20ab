package io.usher.invite;

import java.util.UUID;

/** Records of a batch whose request body is still being read: they wait, they are not decided. */
public class BatchNotReadyException extends RuntimeException {

    public BatchNotReadyException(UUID batchId) {
        super("Batch " + batchId + " is still being received, or waits in the other lane", null, false, false);
    }
}
