package io.usher.invite;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this replica's idle appliers when there may be work: lines stored in the inbox, or a batch
 * queued. Appliers of other replicas find it at their next look (usher.invitations.applier-idle-poll).
 * A wake-up between an applier's empty claim and its wait is not lost: it waits only while the count
 * it saw before claiming is still the count.
 */
@ApplicationScoped
public class ApplierSignal {

    private long wakeups;

    public synchronized void wake() {
        wakeups++;
        notifyAll();
    }

    /** The count to hand to {@link #await} after a claim that found nothing. */
    synchronized long seen() {
        return wakeups;
    }

    /** Waits until woken after {@code seen}, or for {@code millis}. */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        long left = millis;
        while (wakeups == seen && left > 0) {
            wait(left);
            left = until - System.currentTimeMillis();
        }
    }
}
