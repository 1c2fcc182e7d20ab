package io.usher.member;

import io.usher.platform.ApiLanguage;
import io.usher.platform.ApiMessages;
import java.util.Collection;

/** Roles and statuses as people read them ("Editor", "Éditeur"), never as their codes. */
public final class MemberWords {

    private MemberWords() {}

    public static String role(ApiMessages messages, Role role) {
        return switch (role) {
            case SITE_ADMIN -> messages.role_SITE_ADMIN();
            case EDITOR -> messages.role_EDITOR();
        };
    }

    public static String status(ApiMessages messages, MembershipStatus status) {
        return switch (status) {
            case PENDING -> messages.status_PENDING();
            case ACTIVE -> messages.status_ACTIVE();
            case SUSPENDED -> messages.status_SUSPENDED();
            case ARCHIVED -> messages.status_ARCHIVED();
            case REMOVED -> messages.status_REMOVED();
        };
    }

    public static String status(ApiMessages messages, ProfileStatus status) {
        return switch (status) {
            case IN_PROGRESS -> messages.profileStatus_IN_PROGRESS();
            case ACTIVE -> messages.profileStatus_ACTIVE();
            case DEACTIVATED -> messages.profileStatus_DEACTIVATED();
        };
    }

    /** "Active, Archived or Removed". */
    public static String eitherStatus(ApiMessages messages, Collection<MembershipStatus> statuses) {
        return ApiLanguage.either(
                messages, statuses.stream().map(s -> status(messages, s)).toList());
    }
}
