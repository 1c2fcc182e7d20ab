package io.usher.member;

import io.usher.platform.JsonBody;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A PATCH of a member: each part given is changed, each part left out stays as it is. */
@Schema(
        description = "A PATCH of a member: each field sent is changed, each field left out stays as it is (so a"
                + " role-only change keeps the member's teams). `teams` replaces the member's teams with exactly"
                + " these; `teams: []` removes them all.")
public record MemberChange(
        @Schema(nullable = true, description = "The new role; absent or null: unchanged (quota enforced)")
        Role role,

        @Schema(
                nullable = true,
                description = "The new status; absent or null: unchanged (re-activating enforces the quota)")
        MembershipStatus status,

        @Schema(
                nullable = true,
                description = "The member's teams from now on, ids of this account's teams; absent or null:"
                        + " unchanged; `[]`: none")
        List<UUID> teams)
        implements JsonBody {}
