package io.usher.invite;

/**
 * The two ways into the workers. A batch of at most {@code usher.invitations.small-batch-max}
 * addresses takes the small lane, its own topic, so that it never waits behind another account's
 * big list on a shared partition; larger batches take the large lane. An account's batches are
 * still decided in the order they were accepted: a small batch of an account with a large batch
 * unfinished takes the large lane too, and a worker holds a batch while an earlier one of its
 * account waits in the other lane.
 */
public enum Lane {
    SMALL,
    LARGE
}
