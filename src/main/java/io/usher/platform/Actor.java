package io.usher.platform;

import java.util.Optional;
import java.util.UUID;

/**
 * The caller, resolved once at the resource so services and their reactive chains never reach
 * back into request-scoped state. {@code email} and {@code label} name the caller; {@code profile}
 * is who they are on the platform.
 */
public record Actor(
        Optional<String> email, String subject, String label, boolean platformAdmin, CallerProfile profile) {

    public static Actor of(Caller caller) {
        return new Actor(caller.email(), caller.subject(), caller.label(), caller.isPlatformAdmin(), caller.profile());
    }

    /** The caller's profile id, when their token reaches a profile. */
    public Optional<UUID> profileId() {
        return profile.id();
    }
}
