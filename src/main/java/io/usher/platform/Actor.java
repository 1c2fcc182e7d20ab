package io.usher.platform;

import java.util.Optional;

/**
 * The caller, resolved once at the resource so services and their reactive chains never reach
 * back into request-scoped state.
 */
public record Actor(Optional<String> email, String subject, String label, boolean platformAdmin) {

    public static Actor of(Caller caller) {
        return new Actor(caller.email(), caller.subject(), caller.label(), caller.isPlatformAdmin());
    }
}
