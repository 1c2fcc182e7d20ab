package io.usher.platform;

import io.usher.platform.CallerProfile.Standing;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which profile a token reaches (issue 12, item 6): pure, readable line by line against the rule
 * written in the README ("Who a token is"). A profile is found by the subject it was bound to;
 * an address finds only a profile no sign-in has claimed yet, and only when the identity provider
 * vouches for it ({@code email_verified}, which a profile found by its subject does not need) — and
 * then the request claims it: the profile is bound to the subject.
 */
public final class IdentityRule {

    private IdentityRule() {}

    /** What a token says about its person. {@code provider}: the brokered identity provider's alias. */
    public record Claims(String subject, Optional<String> email, boolean emailVerified, Optional<String> provider) {}

    /**
     * A profile the token may be: the one bound to its subject, or the one with its address.
     * {@code ssoProvider}: the identity provider of the address's SSO domain, if it has one.
     */
    public record Candidate(
            UUID id, String email, Optional<String> subject, boolean deactivated, Optional<String> ssoProvider) {}

    /** The profile the token reaches, and whether this request binds it to the token's subject. */
    public record Decision(CallerProfile profile, boolean bind) {}

    public static Decision decide(Claims token, List<Candidate> candidates) {
        // 1. The subject is the person: a bound profile is theirs whatever address the token now carries,
        //    and whether or not its provider says anything about that address (some omit email_verified).
        for (Candidate candidate : candidates) {
            if (candidate.subject().filter(token.subject()::equals).isPresent()) {
                return new Decision(CallerProfile.found(candidate.id()), false);
            }
        }
        // 2. An address finds a profile only when the identity provider vouches for it, whoever presents it.
        if (token.email().isEmpty() || !token.emailVerified()) {
            return refuse(Standing.EMAIL_NOT_VERIFIED);
        }
        Optional<Candidate> byEmail = candidates.stream()
                .filter(candidate -> candidate.email().equals(token.email().get()))
                .findFirst();
        // 3. Nobody invited the address.
        if (byEmail.isEmpty()) {
            return new Decision(CallerProfile.NONE, false);
        }
        Candidate profile = byEmail.get();
        // 4. Another sign-in claimed the address first: it stays theirs.
        if (profile.subject().isPresent()) {
            return refuse(Standing.CLAIMED_BY_ANOTHER);
        }
        // 5. A deactivated profile is refused everywhere; nobody claims it.
        if (profile.deactivated()) {
            return new Decision(CallerProfile.found(profile.id()), false);
        }
        // 6. An SSO domain's address is claimed only through its company's provider, and a company's
        //    provider claims only the addresses of the domains routed to it (a password sign-in none).
        if (!profile.ssoProvider().equals(token.provider())) {
            return refuse(Standing.WRONG_PROVIDER);
        }
        // 7. The first sign-in claims the profile.
        return new Decision(CallerProfile.found(profile.id()), true);
    }

    private static Decision refuse(Standing standing) {
        return new Decision(CallerProfile.refused(standing), false);
    }
}
