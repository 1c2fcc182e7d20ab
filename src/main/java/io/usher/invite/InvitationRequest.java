package io.usher.invite;

import io.usher.member.Role;
import java.util.List;
import java.util.UUID;

/** One address of a batch on its way to the workers (API.md, "Messages on Kafka"). */
public record InvitationRequest(
        UUID batchId, UUID accountId, int seq, String email, Role role, List<UUID> teams, String requestedBy) {}
