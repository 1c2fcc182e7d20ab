package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.usher.mail.MailKind;
import io.usher.mail.MailPriority;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import io.usher.platform.LinkTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

    private static final UUID ACCOUNT = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID OTHER_BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID LIVE_TEAM = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final UUID DELETED_TEAM = UUID.fromString("00000000-0000-0000-0000-0000000000c2");
    private static final UUID ADMIN = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger links = new AtomicInteger();
    private final ChunkPlanner planner = new ChunkPlanner(
            7,
            100,
            () -> new UUID(0, ids.incrementAndGet()),
            () -> new LinkTokens.Minted("seed-" + links.incrementAndGet(), "hash-" + links.get()));

    private static ChunkPlanner.Loaded loaded(int editorQuota, Map<String, ProfileStatus> profiles) {
        AccountSnapshot snapshot = new AccountSnapshot(
                Map.of(Role.EDITOR, editorQuota),
                Map.of(),
                List.of("member@example.com"),
                profiles,
                Map.of("corp.example", "entra-corp"));
        return new ChunkPlanner.Loaded(
                "Acme",
                snapshot,
                Map.of(
                        BATCH,
                        new ChunkPlanner.BatchInfo(
                                Role.EDITOR, List.of(LIVE_TEAM, DELETED_TEAM), "admin@acme.example", ADMIN, 6),
                        OTHER_BATCH,
                        new ChunkPlanner.BatchInfo(Role.EDITOR, List.of(), "admin@acme.example", ADMIN, 101)),
                Set.of(LIVE_TEAM));
    }

    private static InvitationRequest request(UUID batch, int seq, String email) {
        return new InvitationRequest(batch, ACCOUNT, seq, email, Role.EDITOR, List.of(), "admin@acme.example");
    }

    @Test
    void eachRowOfAnInvitationIsOneRecordWithItsLinkMailAndTeams() {
        ChunkPlan plan = planner.plan(
                loaded(5, Map.of()), List.of(request(BATCH, 1, "Ada@Example.com")), "00-trace-span-01", NOW);

        assertEquals(NOW, plan.now());
        assertEquals(NOW.plus(Duration.ofDays(7)), plan.linkExpiry());
        assertEquals(List.of(new ChunkPlan.NewProfile(new UUID(0, 1), "ada@example.com")), plan.profiles());
        ChunkPlan.Address address = plan.addresses().get(0);
        assertEquals(Outcome.INVITED, address.decision().outcome());
        ChunkPlan.NewMembership membership = address.membership();
        assertEquals(new UUID(0, 2), membership.id());
        assertEquals(MembershipStatus.PENDING, membership.status());
        assertEquals(List.of(LIVE_TEAM), membership.teams(), "a team deleted since the request is left out");
        assertEquals(LinkKind.PASSWORD, membership.link());
        assertEquals(MailKind.INVITATION_PASSWORD, membership.link().mail());
        assertEquals("hash-1", membership.tokenHash());
        assertEquals(MailPriority.PERSON_WAITING, membership.mailPriority(), "a batch of a few: someone is waiting");
        assertEquals("seed-1", membership.mailPayload().getJsonObject("link").getString("seed"));
        assertEquals("Acme", membership.mailPayload().getString("accountName"));
        assertEquals(7, membership.mailPayload().getInteger("expiryDays"));
        assertEquals("00-trace-span-01", membership.mailPayload().getString("traceparent"));
        assertEquals("invitation:" + BATCH + ":1", address.mailKey());
        assertEquals("member.invited", address.auditAction());
        assertEquals("PENDING", address.auditDetails().getJsonObject("after").getString("status"));
    }

    @Test
    void linesAreDecidedInOrderAndOnlyThoseThatChangeSomethingGetAMembership() {
        ChunkPlan plan = planner.plan(
                loaded(1, Map.of("known@example.com", ProfileStatus.ACTIVE)),
                List.of(
                        request(BATCH, 1, "member@example.com"),
                        request(BATCH, 2, "known@example.com"),
                        request(BATCH, 3, "late@example.com"),
                        request(OTHER_BATCH, 1, "bob@corp.example"),
                        request(BATCH, 4, "not an address"),
                        InvitationRequest.unreadableLine(BATCH, ACCOUNT, 5)),
                null,
                NOW);

        assertEquals(
                List.of(
                        Outcome.ALREADY_MEMBER,
                        Outcome.ADDED_EXISTING_USER,
                        Outcome.QUOTA_REACHED,
                        Outcome.QUOTA_REACHED,
                        Outcome.INVALID_EMAIL,
                        Outcome.INVALID_EMAIL),
                plan.addresses().stream().map(a -> a.decision().outcome()).toList());
        assertEquals(List.of(), plan.profiles(), "an existing person gets no second profile");
        assertEquals(1, plan.memberships().size());
        ChunkPlan.Address added = plan.memberships().get(0);
        assertEquals(LinkKind.EXISTING_USER, added.membership().link());
        assertEquals(MembershipStatus.ACTIVE, added.membership().status());
        assertEquals("member.added", added.auditAction());
        assertNull(plan.addresses().get(0).membership());
        assertNull(plan.addresses().get(0).decision().mail());

        Map<UUID, int[]> counts = plan.countsByBatch();
        assertEquals(1, counts.get(BATCH)[Outcome.ALREADY_MEMBER.ordinal()]);
        assertEquals(1, counts.get(BATCH)[Outcome.ADDED_EXISTING_USER.ordinal()]);
        assertEquals(1, counts.get(BATCH)[Outcome.QUOTA_REACHED.ordinal()]);
        assertEquals(2, counts.get(BATCH)[Outcome.INVALID_EMAIL.ordinal()]);
        assertEquals(1, counts.get(OTHER_BATCH)[Outcome.QUOTA_REACHED.ordinal()]);
    }

    @Test
    void anSsoAddressGetsAnSsoLinkThroughItsProvider() {
        ChunkPlan plan = planner.plan(loaded(5, Map.of()), List.of(request(BATCH, 1, "bob@corp.example")), null, NOW);

        ChunkPlan.NewMembership membership = plan.addresses().get(0).membership();
        assertEquals(LinkKind.SSO, membership.link());
        assertEquals(MailKind.INVITATION_SSO, membership.link().mail());
        assertEquals("entra-corp", membership.mailPayload().getString("identityProvider"));
        assertEquals(
                MailPriority.BULK,
                planner.plan(loaded(5, Map.of()), List.of(request(OTHER_BATCH, 1, "eve@corp.example")), null, NOW)
                        .addresses()
                        .get(0)
                        .membership()
                        .mailPriority(),
                "a batch of more than the prompt batch's addresses is bulk mail");
        assertNull(membership.mailPayload().getString("traceparent"), "no trace, no traceparent");
    }
}
