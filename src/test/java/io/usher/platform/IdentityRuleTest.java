package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.usher.platform.CallerProfile.Standing;
import io.usher.platform.IdentityRule.Candidate;
import io.usher.platform.IdentityRule.Claims;
import io.usher.platform.IdentityRule.Decision;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityRuleTest {

    private static final String ADDRESS = "ada@acme.example";
    private static final UUID PROFILE = UUID.randomUUID();

    private static Claims token(String subject, String email, boolean verified) {
        return new Claims(subject, Optional.of(email), verified, Optional.empty());
    }

    private static Claims brokered(String subject, String email, String provider) {
        return new Claims(subject, Optional.of(email), true, Optional.of(provider));
    }

    private static Candidate unclaimed(String email) {
        return new Candidate(PROFILE, email, Optional.empty(), false, Optional.empty());
    }

    private static Candidate bound(UUID id, String email, String subject) {
        return new Candidate(id, email, Optional.of(subject), false, Optional.empty());
    }

    private static Candidate ssoDomain(String email, String provider) {
        return new Candidate(PROFILE, email, Optional.empty(), false, Optional.of(provider));
    }

    private static void assertRefused(Standing standing, Decision decision) {
        assertEquals(standing, decision.profile().standing());
        assertTrue(decision.profile().id().isEmpty());
        assertTrue(decision.profile().refusal().isPresent());
        assertEquals(403, decision.profile().refusal().get().type().status());
        assertFalse(decision.bind());
    }

    @Test
    void theFirstVerifiedSignInOfAnInvitedAddressClaimsItsProfile() {
        Decision decision = IdentityRule.decide(token("s-ada", ADDRESS, true), List.of(unclaimed(ADDRESS)));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertTrue(decision.bind());
    }

    @Test
    void aBoundProfileIsFoundByItsSubjectWhateverAddressTheTokenNowCarries() {
        Decision decision = IdentityRule.decide(
                token("s-ada", "ada@elsewhere.example", true), List.of(bound(PROFILE, ADDRESS, "s-ada")));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertFalse(decision.bind());
    }

    @Test
    void theSubjectWinsOverAnotherProfileWithTheTokensAddress() {
        UUID other = UUID.randomUUID();
        Decision decision = IdentityRule.decide(
                token("s-bob", ADDRESS, true),
                List.of(bound(other, ADDRESS, "s-ada"), bound(PROFILE, "bob@acme.example", "s-bob")));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
    }

    @Test
    void anUnverifiedAddressReachesNoProfileNotEvenAnUnclaimedOne() {
        assertRefused(
                Standing.EMAIL_NOT_VERIFIED,
                IdentityRule.decide(token("s-bob", ADDRESS, false), List.of(unclaimed(ADDRESS))));
    }

    @Test
    void aBoundProfileIsFoundByItsSubjectWhenTheProviderOmitsEmailVerified() {
        // A provider that leaves email_verified out reads as false; the subject alone finds its profile.
        Decision decision =
                IdentityRule.decide(token("s-ada", ADDRESS, false), List.of(bound(PROFILE, ADDRESS, "s-ada")));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertFalse(decision.bind());
    }

    @Test
    void aBoundProfileIsFoundByItsSubjectWhenTheTokenCarriesNoAddress() {
        Decision decision = IdentityRule.decide(
                new Claims("s-ada", Optional.empty(), false, Optional.empty()),
                List.of(bound(PROFILE, ADDRESS, "s-ada")));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertFalse(decision.bind());
    }

    @Test
    void aTokenWithoutAnAddressClaimsNoProfile() {
        assertRefused(
                Standing.EMAIL_NOT_VERIFIED,
                IdentityRule.decide(
                        new Claims("s-ada", Optional.empty(), true, Optional.empty()), List.of(unclaimed(ADDRESS))));
    }

    @Test
    void anUnverifiedAddressDoesNotReachAProfileBoundToAnotherSubject() {
        assertRefused(
                Standing.EMAIL_NOT_VERIFIED,
                IdentityRule.decide(token("s-bob", ADDRESS, false), List.of(bound(PROFILE, ADDRESS, "s-ada"))));
    }

    @Test
    void anotherSubjectPresentingABoundProfilesAddressIsRefused() {
        assertRefused(
                Standing.CLAIMED_BY_ANOTHER,
                IdentityRule.decide(token("s-bob", ADDRESS, true), List.of(bound(PROFILE, ADDRESS, "s-ada"))));
    }

    @Test
    void anAddressNobodyInvitedReachesNoProfileWithoutARefusal() {
        Decision decision = IdentityRule.decide(token("s-eve", "eve@acme.example", true), List.of());
        assertEquals(CallerProfile.NONE, decision.profile());
        assertTrue(decision.profile().refusal().isEmpty());
        assertFalse(decision.bind());
    }

    @Test
    void anSsoDomainsAddressIsClaimedThroughItsCompanysProviderAndRecordsIt() {
        Decision decision =
                IdentityRule.decide(brokered("s-ada", ADDRESS, "acme"), List.of(ssoDomain(ADDRESS, "acme")));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertTrue(decision.bind());
    }

    @Test
    void anSsoDomainsAddressIsNotClaimedByAPasswordSignIn() {
        assertRefused(
                Standing.WRONG_PROVIDER,
                IdentityRule.decide(token("s-ada", ADDRESS, true), List.of(ssoDomain(ADDRESS, "acme"))));
    }

    @Test
    void aCompanysProviderClaimsNoAddressOfADomainRoutedElsewhere() {
        assertRefused(
                Standing.WRONG_PROVIDER,
                IdentityRule.decide(brokered("s-eve", ADDRESS, "globex"), List.of(ssoDomain(ADDRESS, "acme"))));
    }

    @Test
    void aCompanysProviderClaimsNoAddressOfADomainWithoutSso() {
        assertRefused(
                Standing.WRONG_PROVIDER,
                IdentityRule.decide(brokered("s-eve", ADDRESS, "globex"), List.of(unclaimed(ADDRESS))));
    }

    @Test
    void aDeactivatedProfileIsFoundToBeRefusedButNeverClaimed() {
        Candidate deactivated = new Candidate(PROFILE, ADDRESS, Optional.empty(), true, Optional.empty());
        Decision decision = IdentityRule.decide(token("s-ada", ADDRESS, true), List.of(deactivated));
        assertEquals(CallerProfile.found(PROFILE), decision.profile());
        assertFalse(decision.bind());
    }
}
