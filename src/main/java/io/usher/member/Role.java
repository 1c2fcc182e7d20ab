package io.usher.member;

/** What a member may do in an account. */
public enum Role {
    /** Manages the account's users. */
    SITE_ADMIN,
    EDITOR
}
