package io.usher.mail;

/** The emails Usher sends (RULES.md, "The emails"), as stored in the outbox's {@code kind}. */
public enum MailKind {
    INVITATION_PASSWORD,
    INVITATION_SSO,
    ADDED_TO_ACCOUNT,
    PASSWORD_RESET
}
