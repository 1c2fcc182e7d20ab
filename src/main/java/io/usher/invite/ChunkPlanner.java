package io.usher.invite;

import io.usher.mail.MailPayloads;
import io.usher.mail.MailPriority;
import io.usher.member.Role;
import io.usher.platform.LinkTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Plans a chunk's rows from what was loaded: decides each new request in order against the
 * account's snapshot (which each verdict updates) and gives every verdict that changes something
 * its profile, membership, link and mail. No I/O; ids and links come from the suppliers, so a test
 * can fix them.
 */
final class ChunkPlanner {

    /** What a batch's addresses share: the role and teams they get, who asked, and how many they are. */
    record BatchInfo(Role role, List<UUID> teams, String requestedBy, UUID requestedByProfile, int total) {}

    /** What the chunk is planned against: the account, its loaded snapshot and its live teams. */
    record Loaded(String accountName, AccountSnapshot snapshot, Map<UUID, BatchInfo> batches, Set<UUID> liveTeams) {}

    private final int linkExpiryDays;
    private final int promptBatchMax;
    private final Supplier<UUID> ids;
    private final Supplier<LinkTokens.Minted> links;

    /**
     * @param promptBatchMax the most addresses a batch may have for its mails to go ahead of bulk
     *     mail (MailPriority)
     */
    ChunkPlanner(int linkExpiryDays, int promptBatchMax, Supplier<UUID> ids, Supplier<LinkTokens.Minted> links) {
        this.linkExpiryDays = linkExpiryDays;
        this.promptBatchMax = promptBatchMax;
        this.ids = ids;
        this.links = links;
    }

    /**
     * The plan of the requests, in order; their batches must be in {@code loaded}. The snapshot is
     * updated as each request is decided.
     *
     * @param traceparent the chunk's trace, which its mails carry (null when not traced)
     */
    ChunkPlan plan(Loaded loaded, Iterable<InvitationRequest> requests, String traceparent, Instant now) {
        List<ChunkPlan.NewProfile> profiles = new ArrayList<>();
        List<ChunkPlan.Address> addresses = new ArrayList<>();
        for (InvitationRequest request : requests) {
            ChunkPlanner.BatchInfo batch = loaded.batches().get(request.batchId());
            Decision decision = request.unreadable()
                    ? InvitationDecider.unreadable(request.seq())
                    : InvitationDecider.decide(request.seq(), request.email(), batch.role(), loaded.snapshot());
            if (!decision.changesAnything()) {
                addresses.add(new ChunkPlan.Address(request.batchId(), decision, null));
                continue;
            }
            if (decision.createProfile()) {
                profiles.add(new ChunkPlan.NewProfile(ids.get(), decision.email()));
            }
            addresses.add(new ChunkPlan.Address(
                    request.batchId(), decision, membership(loaded, batch, decision, traceparent)));
        }
        return new ChunkPlan(now, now.plus(Duration.ofDays(linkExpiryDays)), profiles, addresses);
    }

    private ChunkPlan.NewMembership membership(Loaded loaded, BatchInfo batch, Decision decision, String traceparent) {
        LinkTokens.Minted link = links.get();
        return new ChunkPlan.NewMembership(
                ids.get(),
                decision.email(),
                batch.role(),
                decision.membershipStatus(),
                batch.requestedBy(),
                batch.requestedByProfile(),
                batch.teams().stream().filter(loaded.liveTeams()::contains).toList(),
                LinkKind.of(decision.mail()),
                link.tokenHash(),
                batch.total() <= promptBatchMax ? MailPriority.PERSON_WAITING : MailPriority.BULK,
                MailPayloads.traced(
                        MailPayloads.invitation(
                                MailPayloads.link("/invitations/", link.seed()),
                                loaded.accountName(),
                                batch.requestedBy(),
                                linkExpiryDays,
                                decision.identityProvider()),
                        traceparent));
    }
}
