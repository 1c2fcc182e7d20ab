package io.usher.member;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A person on the platform as platform administrators see them; {@code accounts} is filled only
 * when one profile is asked for. {@code lastSignedInAt} is when they last signed in to Usher's
 * pages (null: never since it was recorded).
 */
public record ProfileView(
        UUID id,
        String email,
        @Schema(nullable = true) String firstName,
        @Schema(nullable = true) String lastName,
        @Schema(nullable = true) String phone,
        ProfileStatus status,
        Instant createdAt,
        @Schema(nullable = true) Instant lastSignedInAt,

        @Schema(description = "Only on one profile (getProfile, deactivateProfile): every account it belongs to")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<AccountPlace> accounts) {

    /** The profile's place in one account. */
    public record AccountPlace(UUID accountId, String accountName, Role role, MembershipStatus status) {}
}
