package io.usher.member;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member of an account as its administrators see them; {@code id} is the person's profile id. */
public record MemberView(
        UUID id,
        String email,
        String firstName,
        String lastName,
        Role role,
        MembershipStatus status,
        List<TeamRef> teams,
        Instant invitedAt,
        String invitedBy) {

    public record TeamRef(UUID id, String name) {}
}
