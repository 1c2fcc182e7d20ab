package io.usher.platform;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * This replica's way out, as the work in hand needs to know it, in one place: it is
 * {@linkplain #leaving() leaving} once readiness goes DOWN (the shutdown delay's start, or
 * shutdown itself without a delay), and {@linkplain #stopping() stopping} from shutdown on.
 */
@ApplicationScoped
public class ReplicaLifecycle {

    private volatile boolean leaving;
    private volatile boolean stopping;

    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        leaving = true;
    }

    void shutdown(@Observes ShutdownEvent event) {
        leaving = true;
        stopping = true;
    }

    /**
     * Long-lived work that a client can resume elsewhere (an SSE stream) ends now, so that the load
     * balancer, which no longer sees this replica ready, sends the client to another.
     */
    public boolean leaving() {
        return leaving;
    }

    /** No new work starts: a failed chunk is not tried again here, no further mail is sent. */
    public boolean stopping() {
        return stopping;
    }
}
