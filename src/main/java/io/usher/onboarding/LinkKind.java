package io.usher.onboarding;

/** What an invitation link asks of its person (API.md: the invitation's {@code kind}). */
public enum LinkKind {
    /** Choose a password: the person has no credential yet. */
    PASSWORD,
    /** Sign in through the company's identity provider; no password, ever. */
    SSO,
    /** Sign in as the person already does. */
    EXISTING_USER
}
