package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usher.mail.MailKind;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvitationDeciderTest {

    private static AccountSnapshot snapshot(int editorQuota, int editorsSeated) {
        return new AccountSnapshot(
                Map.of(Role.SITE_ADMIN, 1, Role.EDITOR, editorQuota),
                Map.of(Role.EDITOR, editorsSeated),
                List.of(),
                Map.of(),
                Map.of());
    }

    private static List<Decision> decideAll(AccountSnapshot snapshot, Role role, String... lines) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            decisions.add(InvitationDecider.decide(i + 1, lines[i], role, snapshot));
        }
        return decisions;
    }

    @Test
    void aNewAddressIsInvitedToSetAPassword() {
        Decision d = InvitationDecider.decide(1, "ada@example.com", Role.EDITOR, snapshot(5, 0));
        assertEquals(Outcome.INVITED, d.outcome());
        assertEquals(Outcome.Severity.success, d.outcome().severity());
        assertEquals("ada@example.com", d.email());
        assertTrue(d.createProfile());
        assertEquals(MembershipStatus.PENDING, d.membershipStatus());
        assertEquals(MailKind.INVITATION_PASSWORD, d.mail());
        assertNull(d.identityProvider());
    }

    @Test
    void anAddressOfAnSsoDomainIsInvitedThroughItsIdentityProvider() {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.EDITOR, 5), Map.of(), List.of(), Map.of(), Map.of("corp.example", "entra-corp"));
        Decision d = InvitationDecider.decide(1, "Bob@Corp.Example", Role.EDITOR, s);
        assertEquals(Outcome.INVITED_SSO, d.outcome());
        assertEquals("bob@corp.example", d.email());
        assertTrue(d.createProfile());
        assertEquals(MembershipStatus.PENDING, d.membershipStatus());
        assertEquals(MailKind.INVITATION_SSO, d.mail());
        assertEquals("entra-corp", d.identityProvider());
    }

    @Test
    void aSubdomainOfAnSsoDomainIsNotAnSsoDomain() {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.EDITOR, 5), Map.of(), List.of(), Map.of(), Map.of("corp.example", "entra-corp"));
        assertEquals(
                Outcome.INVITED,
                InvitationDecider.decide(1, "x@eu.corp.example", Role.EDITOR, s).outcome());
    }

    @Test
    void anActiveExistingProfileJoinsAsActive() {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.EDITOR, 5), Map.of(), List.of(), Map.of("eve@example.com", ProfileStatus.ACTIVE), Map.of());
        Decision d = InvitationDecider.decide(1, "eve@example.com", Role.EDITOR, s);
        assertEquals(Outcome.ADDED_EXISTING_USER, d.outcome());
        assertFalse(d.createProfile());
        assertEquals(MembershipStatus.ACTIVE, d.membershipStatus());
        assertEquals(MailKind.ADDED_TO_ACCOUNT, d.mail());
    }

    @ParameterizedTest
    @EnumSource(
            value = ProfileStatus.class,
            names = {"IN_PROGRESS", "DEACTIVATED"})
    void anExistingProfileThatIsNotActiveJoinsAsPending(ProfileStatus status) {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.EDITOR, 5), Map.of(), List.of(), Map.of("eve@example.com", status), Map.of());
        Decision d = InvitationDecider.decide(1, "eve@example.com", Role.EDITOR, s);
        assertEquals(Outcome.ADDED_EXISTING_USER, d.outcome());
        assertEquals(MembershipStatus.PENDING, d.membershipStatus());
    }

    @Test
    void anExistingProfileOfAnSsoDomainIsAddedNotReinvited() {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.EDITOR, 5),
                Map.of(),
                List.of(),
                Map.of("bob@corp.example", ProfileStatus.ACTIVE),
                Map.of("corp.example", "entra"));
        assertEquals(
                Outcome.ADDED_EXISTING_USER,
                InvitationDecider.decide(1, "bob@corp.example", Role.EDITOR, s).outcome());
    }

    @Test
    void aMemberOfTheAccountIsAlreadyAMemberWhateverTheirStatus() {
        for (MembershipStatus status : MembershipStatus.values()) {
            AccountSnapshot s = new AccountSnapshot(
                    Map.of(Role.EDITOR, 5),
                    Map.of(),
                    List.of("eve@example.com"),
                    Map.of("eve@example.com", ProfileStatus.ACTIVE),
                    Map.of());
            Decision d = InvitationDecider.decide(1, " EVE@example.com ", Role.EDITOR, s);
            assertEquals(Outcome.ALREADY_MEMBER, d.outcome(), status.name());
            assertEquals(Outcome.Severity.info, d.outcome().severity());
            assertEquals("a user with email eve@example.com already exists", d.message());
            assertFalse(d.changesAnything());
            assertNull(d.mail());
        }
    }

    @Test
    void alreadyMemberWinsOverAFullQuota() {
        AccountSnapshot s =
                new AccountSnapshot(Map.of(Role.EDITOR, 0), Map.of(), List.of("eve@example.com"), Map.of(), Map.of());
        assertEquals(
                Outcome.ALREADY_MEMBER,
                InvitationDecider.decide(1, "eve@example.com", Role.EDITOR, s).outcome());
    }

    @Test
    void theSecondOccurrenceOfAnAddressInOneListIsADuplicateOfTheFirst() {
        List<Decision> d = decideAll(snapshot(5, 0), Role.EDITOR, "ada@example.com", "  ADA@EXAMPLE.COM");
        assertEquals(Outcome.INVITED, d.get(0).outcome());
        assertEquals(Outcome.DUPLICATE, d.get(1).outcome());
        assertEquals(1, d.get(1).duplicateOf());
        assertEquals(Outcome.Severity.info, d.get(1).outcome().severity());
        assertEquals("ada@example.com is a duplicate of line 1", d.get(1).message());
        assertFalse(d.get(1).changesAnything());
    }

    @Test
    void aRepeatOfALineOverTheQuotaOrOfAMemberIsADuplicateTooAndTakesNoSeat() {
        AccountSnapshot s =
                new AccountSnapshot(Map.of(Role.EDITOR, 1), Map.of(), List.of("eve@example.com"), Map.of(), Map.of());
        List<Decision> d = decideAll(
                s,
                Role.EDITOR,
                "eve@example.com",
                "a@example.com",
                "b@example.com",
                "b@example.com",
                "eve@example.com",
                "a@example.com");
        assertEquals(
                List.of(
                        Outcome.ALREADY_MEMBER,
                        Outcome.INVITED,
                        Outcome.QUOTA_REACHED,
                        Outcome.DUPLICATE,
                        Outcome.DUPLICATE,
                        Outcome.DUPLICATE),
                d.stream().map(Decision::outcome).toList());
        assertEquals(
                List.of(3, 1, 2),
                List.of(d.get(3).duplicateOf(), d.get(4).duplicateOf(), d.get(5).duplicateOf()));
        assertEquals(1, s.seatsTaken(Role.EDITOR));
    }

    @Test
    void aLineDecidedInAnEarlierChunkIsKnownByItsLine() {
        AccountSnapshot s = snapshot(5, 0);
        s.learnLines(Map.of("ada@example.com", 7));
        Decision d = InvitationDecider.decide(2001, "ada@example.com", Role.EDITOR, s);
        assertEquals(Outcome.DUPLICATE, d.outcome());
        assertEquals(7, d.duplicateOf());
    }

    @Test
    void whenTheQuotaRunsOutMidListTheEarlierLinesWin() {
        AccountSnapshot s = snapshot(3, 1);
        String[] lines = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> "u" + i + "@example.com")
                .toArray(String[]::new);
        List<Decision> d = decideAll(s, Role.EDITOR, lines);
        assertEquals(
                List.of(
                        Outcome.INVITED,
                        Outcome.INVITED,
                        Outcome.QUOTA_REACHED,
                        Outcome.QUOTA_REACHED,
                        Outcome.QUOTA_REACHED),
                d.stream().map(Decision::outcome).toList());
        assertEquals(
                "you have reached the user limit for role EDITOR on your account",
                d.get(2).message());
        assertEquals(Outcome.Severity.error, d.get(2).outcome().severity());
        assertFalse(d.get(2).changesAnything());
        assertEquals(3, s.seatsTaken(Role.EDITOR));
    }

    @Test
    void invalidAndDuplicateLinesTakeNoSeat() {
        AccountSnapshot s = snapshot(2, 0);
        List<Decision> d = decideAll(
                s, Role.EDITOR, "a@example.com", "not an address", "a@example.com", "b@example.com", "c@example.com");
        assertEquals(
                List.of(
                        Outcome.INVITED,
                        Outcome.INVALID_EMAIL,
                        Outcome.DUPLICATE,
                        Outcome.INVITED,
                        Outcome.QUOTA_REACHED),
                d.stream().map(Decision::outcome).toList());
    }

    @Test
    void quotasAreCountedPerRole() {
        AccountSnapshot s = new AccountSnapshot(
                Map.of(Role.SITE_ADMIN, 1, Role.EDITOR, 0), Map.of(), List.of(), Map.of(), Map.of());
        assertEquals(
                Outcome.QUOTA_REACHED,
                InvitationDecider.decide(1, "e@example.com", Role.EDITOR, s).outcome());
        assertEquals(
                Outcome.INVITED,
                InvitationDecider.decide(2, "a@example.com", Role.SITE_ADMIN, s).outcome());
        assertEquals(
                Outcome.QUOTA_REACHED,
                InvitationDecider.decide(3, "b@example.com", Role.SITE_ADMIN, s).outcome());
    }

    @Test
    void aQuotaLoweredBelowUsageAdmitsNobody() {
        assertEquals(
                Outcome.QUOTA_REACHED,
                InvitationDecider.decide(1, "x@example.com", Role.EDITOR, snapshot(2, 5))
                        .outcome());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plainaddress",
                "@example.com",
                "ada@",
                "ada@@example.com",
                "ada@example",
                "ada@exa mple.com",
                "ada@127.0.0.1",
                "ada@[127.0.0.1]",
                "Ada <ada@example.com>",
                "ada@example.com\r\nBcc: eve@example.com",
                "adà@example.com",
                "ada@exämple.com",
                "ada..lovelace@example.com",
                ".ada@example.com",
                "ada@-example.com",
                "a,b@example.com",
                "ada@example.com;bob@example.com"
            })
    void invalidAddressesAreErrorsThatChangeNothing(String line) {
        AccountSnapshot s = snapshot(5, 0);
        Decision d = InvitationDecider.decide(1, line, Role.EDITOR, s);
        assertEquals(Outcome.INVALID_EMAIL, d.outcome(), line);
        assertEquals(Outcome.Severity.error, d.outcome().severity());
        assertFalse(d.changesAnything());
        assertNull(d.mail());
        assertEquals(0, s.seatsTaken(Role.EDITOR));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@example.com",
                "  ada@example.com\t",
                "ADA@EXAMPLE.COM",
                "ada+tag@example.com",
                "ada.lovelace@sub.example.co.uk",
                "o'brien@example.ie",
                "\"ada\"@example.com",
                "ada@example.com\r\n",
                "a_b-c@xn--bcher-kva.example"
            })
    void validAddressesAreFoldedToTrimmedLowerCase(String line) {
        Decision d = InvitationDecider.decide(1, line, Role.EDITOR, snapshot(5, 0));
        assertEquals(Outcome.INVITED, d.outcome(), line);
        assertEquals(line.strip().toLowerCase(), d.email());
    }

    @Test
    void aHugeLineIsRefusedAndEchoedShort() {
        String line = "a".repeat(10_000_000) + "@example.com";
        Decision d = InvitationDecider.decide(1, line, Role.EDITOR, snapshot(5, 0));
        assertEquals(Outcome.INVALID_EMAIL, d.outcome());
        assertTrue(d.email().length() <= InvitationDecider.MAX_ECHOED + 1);
    }

    @Test
    void controlCharactersNeverReachTheReport() {
        Decision d = InvitationDecider.decide(1, "ada@example.com\u0000\u001b[31m", Role.EDITOR, snapshot(5, 0));
        assertEquals(Outcome.INVALID_EMAIL, d.outcome());
        assertFalse(d.email().chars().anyMatch(Character::isISOControl));
    }

    @Test
    void anAddressLongerThanSmtpAllowsIsInvalid() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(60) + ".").repeat(4) + "com";
        assertEquals(
                Outcome.INVALID_EMAIL,
                InvitationDecider.decide(1, local + "@" + domain, Role.EDITOR, snapshot(5, 0))
                        .outcome());
    }
}
