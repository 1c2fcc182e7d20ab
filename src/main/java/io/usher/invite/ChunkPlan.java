package io.usher.invite;

import io.usher.mail.MailPriority;
import io.usher.member.MembershipStatus;
import io.usher.member.Role;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every row one chunk writes, one record per row: the verdict on each new request in request
 * order and, where it changes something, the profile, membership, teams, link, mail and audit
 * entry it adds. Planned with no I/O ({@link ChunkPlanner}); {@link ChunkWriter} turns it into
 * one multi-row statement per table.
 *
 * @param now when the chunk's rows are written (outcomes, memberships, links, audit)
 * @param linkExpiry when the chunk's invitation links expire
 */
record ChunkPlan(Instant now, Instant linkExpiry, List<NewProfile> profiles, List<Address> addresses) {

    /** A person the chunk brings to the platform, {@code IN_PROGRESS} until they set a password. */
    record NewProfile(UUID id, String email) {}

    /** One request's verdict and, when it adds one, its membership. */
    record Address(UUID batchId, Decision decision, NewMembership membership) {

        OutcomeEvent event(UUID accountId, Instant at) {
            Outcome outcome = decision.outcome();
            return new OutcomeEvent(
                    batchId,
                    accountId,
                    decision.seq(),
                    decision.email(),
                    outcome,
                    outcome.severity(),
                    decision.message(),
                    at);
        }

        /**
         * Names the mail's cause, so a redelivered request writes no second mail. PostgreSQL reads
         * the batch from it to count the batch's mails (V18, invitation_batch_of_mail): keep the form.
         */
        String mailKey() {
            return "invitation:" + batchId + ":" + decision.seq();
        }

        String auditAction() {
            return decision.outcome() == Outcome.ADDED_EXISTING_USER ? "member.added" : "member.invited";
        }

        JsonObject auditDetails() {
            return new JsonObject()
                    .put("batchId", batchId.toString())
                    .put("seq", decision.seq())
                    .put("outcome", decision.outcome().name())
                    .put(
                            "after",
                            new JsonObject()
                                    .put("role", membership.role().name())
                                    .put("status", membership.status().name()));
        }
    }

    /**
     * A membership the chunk adds, with the teams of its batch that still exist, its invitation
     * link (only the token's hash is stored; the mail keeps the seed) and the mail that carries it.
     */
    record NewMembership(
            UUID id,
            String email,
            Role role,
            MembershipStatus status,
            String invitedBy,
            UUID invitedByProfile,
            List<UUID> teams,
            LinkKind link,
            String tokenHash,
            MailPriority mailPriority,
            JsonObject mailPayload) {}

    /** The addresses that change something, each with its membership. */
    List<Address> memberships() {
        return addresses.stream().filter(a -> a.membership() != null).toList();
    }

    /** How many of the chunk's addresses each batch gets, by outcome (indexed by ordinal). */
    Map<UUID, int[]> countsByBatch() {
        Map<UUID, int[]> counts = new LinkedHashMap<>();
        for (Address address : addresses) {
            counts.computeIfAbsent(address.batchId(), id -> new int[Outcome.values().length])[
                    address.decision().outcome().ordinal()]++;
        }
        return counts;
    }
}
