package io.usher.invite;

/** The messaging channels of the invitation pipeline; configuration maps them to topics. */
public final class Channels {

    /** Incoming, in batches: one record per address, keyed by account id (topic `invitation-requests`). */
    public static final String INVITATION_REQUESTS = "invitation-requests";

    /** Incoming on every replica, in a consumer group of its own: outcomes to stream to subscribers. */
    public static final String INVITATION_OUTCOMES = "invitation-outcomes";

    /** Outgoing: request records that cannot be read, with the reason (topic `invitation-requests-dead-letters`). */
    public static final String INVITATION_DEAD_LETTERS = "invitation-dead-letters";

    private Channels() {}
}
