package io.usher.member;

/** A person's platform-wide state. */
public enum ProfileStatus {
    /** Created by an invitation, never signed in. */
    IN_PROGRESS,
    ACTIVE,
    /** Turned off by a platform admin: no account accepts them. */
    DEACTIVATED
}
