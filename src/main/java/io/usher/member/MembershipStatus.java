package io.usher.member;

import java.util.EnumSet;
import java.util.Set;

/** A membership's state; only {@link #SEATED} states take a seat of the quota. */
public enum MembershipStatus {
    PENDING,
    ACTIVE,
    SUSPENDED,
    ARCHIVED,
    REMOVED;

    public static final Set<MembershipStatus> SEATED = EnumSet.of(PENDING, ACTIVE);

    public boolean takesSeat() {
        return SEATED.contains(this);
    }
}
