package io.usher.invite;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code counts} of a batch or preview, for the OpenAPI document only: the server writes an
 * {@code EnumMap} with every outcome present, zeros included, which a map schema would not say.
 */
@Schema(name = "OutcomeCounts", description = "How many lines had each outcome; every key is present")
record OutcomeCounts(
        @Schema(required = true) @JsonProperty("INVITED") int invited,

        @Schema(required = true) @JsonProperty("INVITED_SSO")
        int invitedSso,

        @Schema(required = true) @JsonProperty("ADDED_EXISTING_USER")
        int addedExistingUser,

        @Schema(required = true) @JsonProperty("ALREADY_MEMBER")
        int alreadyMember,

        @Schema(required = true) @JsonProperty("QUOTA_REACHED")
        int quotaReached,

        @Schema(required = true) @JsonProperty("INVALID_EMAIL")
        int invalidEmail,

        @Schema(required = true) @JsonProperty("DUPLICATE") int duplicate) {}
