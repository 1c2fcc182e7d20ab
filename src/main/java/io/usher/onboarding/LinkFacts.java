package io.usher.onboarding;

import io.usher.invite.LinkKind;
import io.usher.member.ProfileStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A live invitation link and what its page needs to know. The kind is decided now, not when the
 * link was sent: an SSO domain configured since sends the person to their company's provider, and
 * a person added to a second account before ever setting a password is asked for one.
 */
public record LinkFacts(
        byte[] tokenHash,
        UUID accountId,
        String accountName,
        String accountLanguage,
        UUID membershipId,
        UUID profileId,
        String email,
        ProfileStatus profileStatus,
        Optional<String> profileLanguage,
        Optional<String> identityProvider,
        String inviter,
        LinkKind kind,
        Instant expiresAt) {

    /** The language the person's pages start in, before they or their browser choose. */
    public String language() {
        return profileLanguage.orElse(accountLanguage);
    }
}
