package io.usher.member;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What a member may do in an account. */
// Read and written by Jackson inside Kafka records.
@RegisterForReflection
public enum Role {
    /** Manages the account's users. */
    SITE_ADMIN,
    EDITOR
}
