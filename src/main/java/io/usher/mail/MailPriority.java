package io.usher.mail;

/**
 * Which mails go first: those a person is waiting for on a screen, then bulk mail. Stored as the
 * outbox row's {@code priority}, its ordinal.
 */
public enum MailPriority {
    /** A password reset, a resend, a batch of a few addresses (a console's add among them). */
    PERSON_WAITING,
    /** A big list's mails. */
    BULK;

    public short column() {
        return (short) ordinal();
    }
}
