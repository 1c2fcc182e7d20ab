package io.usher.invite;

/** The email an outcome sends (RULES.md, "The emails"). */
public enum MailKind {
    INVITATION_PASSWORD,
    INVITATION_SSO,
    ADDED_TO_ACCOUNT
}
