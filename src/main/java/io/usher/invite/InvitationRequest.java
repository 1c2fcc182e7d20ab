package io.usher.invite;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.usher.member.Role;
import java.util.List;
import java.util.UUID;

/**
 * One address of a batch on its way to the workers (API.md, "Messages on Kafka"). Within the
 * workers, a request whose email is null stands for a line whose record could not be read.
 */
// Written and read by Jackson on Kafka, outside REST: the native image must keep its accessors.
@RegisterForReflection
public record InvitationRequest(
        UUID batchId, UUID accountId, int seq, String email, Role role, List<UUID> teams, String requestedBy)
        implements RequestRecord {

    /** The line of a record that could not be read: it is decided as unreadable, nothing more. */
    static InvitationRequest unreadableLine(UUID batchId, UUID accountId, int seq) {
        return new InvitationRequest(batchId, accountId, seq, null, null, List.of(), null);
    }

    boolean unreadable() {
        return email == null;
    }
}
