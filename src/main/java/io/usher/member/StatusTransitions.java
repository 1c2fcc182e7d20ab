package io.usher.member;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The membership statuses an administrator may set, from each status (README, "Administration").
 * {@code PENDING} is made only by an invitation and left only by the person's first sign-in;
 * "re-activating" someone who never signed in puts them back to {@code PENDING}.
 */
public final class StatusTransitions {

    private static final Map<MembershipStatus, Set<MembershipStatus>> ALLOWED = Map.of(
            MembershipStatus.PENDING,
                    EnumSet.of(MembershipStatus.SUSPENDED, MembershipStatus.ARCHIVED, MembershipStatus.REMOVED),
            MembershipStatus.ACTIVE,
                    EnumSet.of(MembershipStatus.SUSPENDED, MembershipStatus.ARCHIVED, MembershipStatus.REMOVED),
            MembershipStatus.SUSPENDED,
                    EnumSet.of(MembershipStatus.ACTIVE, MembershipStatus.ARCHIVED, MembershipStatus.REMOVED),
            MembershipStatus.ARCHIVED,
                    EnumSet.of(MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.REMOVED),
            MembershipStatus.REMOVED, EnumSet.of(MembershipStatus.ACTIVE));

    private StatusTransitions() {}

    static boolean allowed(MembershipStatus from, MembershipStatus to) {
        return from == to || ALLOWED.get(from).contains(to);
    }

    static Set<MembershipStatus> from(MembershipStatus status) {
        return ALLOWED.get(status);
    }

    /** What a status choice offers a member: their status as it is, and those it may become. */
    public static List<MembershipStatus> choices(MembershipStatus current) {
        EnumSet<MembershipStatus> choices = EnumSet.of(current);
        choices.addAll(ALLOWED.get(current));
        return List.copyOf(choices);
    }
}
