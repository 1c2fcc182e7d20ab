package io.usher.invite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Sends a request's records to their lane (Lane). The lane is known only once the batch is known
 * to be small or not, so the first {@code smallMax} records are held: one more, and the batch is
 * large; the body ends first, and it is small — unless the account already has a large batch under
 * way, behind which it must stay.
 */
final class LaneRouter {

    private final int smallMax;
    private final Supplier<Boolean> largeUnderWay;
    private final BiConsumer<Lane, InvitationRequest> send;
    private final List<InvitationRequest> held = new ArrayList<>();
    private Lane lane;

    LaneRouter(int smallMax, Supplier<Boolean> largeUnderWay, BiConsumer<Lane, InvitationRequest> send) {
        this.smallMax = smallMax;
        this.largeUnderWay = largeUnderWay;
        this.send = send;
    }

    void accept(InvitationRequest request) {
        if (lane != null) {
            send.accept(lane, request);
            return;
        }
        held.add(request);
        if (held.size() > smallMax) {
            choose(Lane.LARGE);
        }
    }

    /** Once the body is read: the batch's lane, every record handed on. */
    Lane finish() {
        if (lane == null) {
            choose(largeUnderWay.get() ? Lane.LARGE : Lane.SMALL);
        }
        return lane;
    }

    private void choose(Lane chosen) {
        lane = chosen;
        held.forEach(request -> send.accept(chosen, request));
        held.clear();
    }
}
