package io.usher.member;

import java.util.Locale;
import java.util.Optional;

/**
 * The orders the console's user list offers. Newest invitation first walks an index whatever the
 * account's size; the others sort the filtered list in PostgreSQL, which {@link MemberDirectory}
 * does only for a list of at most {@link MemberDirectory#SORTABLE} members (a bounded top-N sort),
 * and answers newest first, saying so, for a longer one.
 */
public enum MemberSort {
    CREATED("m.invited_at DESC, m.id DESC"),
    // The name as the list shows it: first and last name, or the address while the person has none.
    NAME("lower(coalesce(nullif(btrim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), ''), p.email)),"
            + " p.email, m.id"),
    // Addresses are stored lower-case: lower() keeps their order, and keeps the planner from walking
    // the platform-wide email index to stop at 25, through every profile of the other accounts
    // (EXPLAIN on 10,000 members among 100,000: 120 ms, and growing with the platform; 24 ms with it).
    EMAIL("lower(p.email), m.id"),
    ROLE("m.role DESC, m.invited_at DESC, m.id DESC"),
    STATUS("m.status, m.invited_at DESC, m.id DESC");

    final String orderBy;

    MemberSort(String orderBy) {
        this.orderBy = orderBy;
    }

    /** The order a link names ({@code ?sort=name}), or none for any other word: an edited link is not an error. */
    public static Optional<MemberSort> named(String word) {
        if (word == null) {
            return Optional.empty();
        }
        for (MemberSort sort : values()) {
            if (sort.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
