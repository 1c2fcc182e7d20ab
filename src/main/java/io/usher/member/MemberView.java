package io.usher.member;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A member of an account as its administrators see them; {@code id} is the person's profile id. */
public record MemberView(
        UUID id,
        String email,

        @Schema(nullable = true, description = "Null until the person gives it (a PENDING member)")
        String firstName,

        @Schema(nullable = true, description = "Null until the person gives it (a PENDING member)")
        String lastName,

        Role role,
        MembershipStatus status,
        List<TeamRef> teams,
        @Schema(nullable = true) Instant invitedAt,

        @Schema(nullable = true, description = "The inviter as people read it: their name, else their email address")
        String invitedBy) {

    public record TeamRef(UUID id, String name) {}
}
