package io.usher.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.usher.member.Role;
import java.util.Map;

/** Seats taken per role (ACTIVE + PENDING). */
public record Usage(
        @JsonProperty("SITE_ADMIN") long siteAdmin,
        @JsonProperty("EDITOR") long editor) {

    static final Usage NONE = new Usage(0, 0);

    static Usage of(Map<Role, Long> seats) {
        if (seats == null) {
            return NONE;
        }
        return new Usage(seats.getOrDefault(Role.SITE_ADMIN, 0L), seats.getOrDefault(Role.EDITOR, 0L));
    }
}
