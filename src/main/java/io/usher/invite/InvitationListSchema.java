package io.usher.invite;

import io.usher.member.Role;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON form of a bulk invitation, for the OpenAPI document only: the server never binds it,
 * since it streams the addresses one by one (AddressReaders), however many there are.
 */
@Schema(
        name = "InvitationList",
        description = "Addresses to invite with one role and zero or more teams of the account; fields in any order")
public record InvitationListSchema(
        @Schema(
                required = true,
                description = "One address per entry, in list order; blank entries are skipped, invalid"
                        + " ones become INVALID_EMAIL outcomes")
        List<String> emails,

        @Schema(required = true) Role role,

        @Schema(description = "Ids of teams of this account; absent means none")
        List<UUID> teams) {}
