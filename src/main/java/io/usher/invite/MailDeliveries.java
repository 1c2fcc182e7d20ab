package io.usher.invite;

/** How a batch's mails stand: sent, still to be sent (or being sent), given up. */
public record MailDeliveries(int sent, int pending, int failed) {

    /** Whether the relay still has some of them to send. */
    public boolean underway() {
        return pending > 0;
    }
}
