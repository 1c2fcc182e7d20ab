package io.usher.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Seats taken per role (ACTIVE + PENDING). */
public record Usage(
        @JsonProperty("SITE_ADMIN") int siteAdmin,
        @JsonProperty("EDITOR") int editor) {

    static final Usage NONE = new Usage(0, 0);

    static Usage of(Account account) {
        return new Usage(account.seatsSiteAdmin, account.seatsEditor);
    }
}
