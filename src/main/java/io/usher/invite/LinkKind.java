package io.usher.invite;

import io.usher.mail.MailKind;

/** What an invitation link asks of its person (API.md: the invitation's {@code kind}). */
public enum LinkKind {
    /** Choose a password: the person has no credential yet. */
    PASSWORD(MailKind.INVITATION_PASSWORD),
    /** Sign in through the company's identity provider; no password, ever. */
    SSO(MailKind.INVITATION_SSO),
    /** Sign in as the person already does. */
    EXISTING_USER(MailKind.ADDED_TO_ACCOUNT);

    private final MailKind mail;

    LinkKind(MailKind mail) {
        this.mail = mail;
    }

    /** The email that carries a link of this kind. */
    public MailKind mail() {
        return mail;
    }

    /** The link an invitation's mail carries. */
    public static LinkKind of(MailKind mail) {
        for (LinkKind kind : values()) {
            if (kind.mail == mail) {
                return kind;
            }
        }
        throw new IllegalArgumentException(mail + " carries no invitation link");
    }
}
