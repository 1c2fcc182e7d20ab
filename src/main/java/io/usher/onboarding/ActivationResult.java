package io.usher.onboarding;

import java.util.UUID;

/** Where a signed-in person stands once their first sign-in has been taken into account. */
public record ActivationResult(State state, UUID profileId) {

    public enum State {
        /** Their profile is active (now, or already). */
        ACTIVE,
        /** They must accept the terms of use before anything else (a first sign-in through SSO). */
        TERMS_REQUIRED,
        /** A platform administrator deactivated them: every account refuses them. */
        DEACTIVATED,
        /** The sign-in reaches no profile: nobody invited its address, or {@code CallerProfile} says why not. */
        NO_PROFILE
    }

    static ActivationResult of(State state, UUID profileId) {
        return new ActivationResult(state, profileId);
    }

    public boolean active() {
        return state == State.ACTIVE;
    }
}
