package io.usher.account;

import io.usher.platform.Actor;
import java.util.UUID;

/**
 * Invites an account's first administrator the way every invitation is made (a bulk invitation
 * of one address, decided by the workers), for accounts created with {@code firstAdminEmail}.
 */
public interface FirstAdminInviter {

    /** Refuses an address no invitation could be sent to, before anything is created. */
    void check(String email);

    /** Starts the invitation; blocking. Returns the batch that carries it. */
    UUID invite(Actor actor, UUID accountId, String email);
}
