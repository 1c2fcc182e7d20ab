package io.usher.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Seats taken per role (ACTIVE + PENDING). */
public record Usage(
        @JsonProperty("SITE_ADMIN") long siteAdmin,
        @JsonProperty("EDITOR") long editor) {

    static final Usage NONE = new Usage(0, 0);

    static Usage of(Account account) {
        return new Usage(account.seatsSiteAdmin, account.seatsEditor);
    }
}
