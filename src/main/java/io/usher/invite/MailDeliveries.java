package io.usher.invite;

/** How a batch's mails stand: sent, still to be sent (or being sent), given up. */
public record MailDeliveries(int sent, int pending, int failed) {

    /** Whether the relay still has some of them to send. */
    public boolean underway() {
        return pending > 0;
    }

    /** Every mail of the batch so far: one per invited or added address. */
    public int total() {
        return sent + pending + failed;
    }

    /** The mails the relay is done with, sent or given up. */
    public int settled() {
        return sent + failed;
    }
}
