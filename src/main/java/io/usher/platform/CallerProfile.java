package io.usher.platform;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import java.util.UUID;

/**
 * The profile a request's person is, as {@link CallerProfiles} resolved it from their token once
 * for the request (RULES.md, "Security rules"), or why they reach none. Every endpoint takes it
 * from {@link Caller} or {@link Actor}: nothing else looks a caller's profile up by email.
 */
public record CallerProfile(Standing standing, Optional<UUID> id) {

    /** The identity attribute that carries it. */
    public static final String ATTRIBUTE = "io.usher.caller-profile";

    public static final CallerProfile NONE = new CallerProfile(Standing.NONE, Optional.empty());

    public enum Standing {
        /** The profile bound to the token's subject (bound by this request when it is the first). */
        FOUND,
        /** No profile has the token's address: nobody invited it. */
        NONE,
        /** The identity provider does not vouch for the token's address: it reaches no profile. */
        EMAIL_NOT_VERIFIED,
        /** The address's profile belongs to another sign-in (another subject). */
        CLAIMED_BY_ANOTHER,
        /**
         * The address's profile may be claimed only through another identity provider: its SSO
         * domain's, or, for a domain without SSO, a password sign-in.
         */
        WRONG_PROVIDER
    }

    /** The profile resolved for this identity; none for an identity that is not a person's token. */
    public static CallerProfile of(SecurityIdentity identity) {
        CallerProfile profile = identity.getAttribute(ATTRIBUTE);
        return profile == null ? NONE : profile;
    }

    static CallerProfile found(UUID id) {
        return new CallerProfile(Standing.FOUND, Optional.of(id));
    }

    static CallerProfile refused(Standing standing) {
        return new CallerProfile(standing, Optional.empty());
    }

    /**
     * The 403 that tells the caller why their token reaches no profile; empty when it reaches one,
     * or when nobody invited their address (each endpoint says what that means for it).
     */
    public Optional<ProblemException> refusal() {
        return Optional.ofNullable(
                switch (standing) {
                    case FOUND, NONE -> null;
                    case EMAIL_NOT_VERIFIED ->
                        new ProblemException(
                                ProblemType.FORBIDDEN, "email-not-verified", ApiMessages::problem_email_not_verified);
                    case CLAIMED_BY_ANOTHER ->
                        new ProblemException(ProblemType.FORBIDDEN, "claimed-by-another", ApiMessages::problem_claimed);
                    case WRONG_PROVIDER ->
                        new ProblemException(
                                ProblemType.FORBIDDEN, "wrong-provider", ApiMessages::problem_wrong_provider);
                });
    }
}
