package io.usher.member;

import java.util.List;
import java.util.UUID;

/** A PATCH of a member: each part given is changed, each part left out stays as it is. */
public record MemberChange(Role role, MembershipStatus status, List<UUID> teams) {}
