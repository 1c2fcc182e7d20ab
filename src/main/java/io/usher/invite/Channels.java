package io.usher.invite;

/** The messaging channels of the invitation pipeline; configuration maps them to topics. */
public final class Channels {

    /** Outgoing: one record per address, keyed by account id (topic `invitation-requests`). */
    public static final String INVITATION_REQUESTS_OUT = "invitation-requests-out";

    private Channels() {}
}
