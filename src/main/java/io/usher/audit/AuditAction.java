package io.usher.audit;

import java.util.Locale;
import java.util.Optional;

/**
 * The actions the audit log records, by the code stored with each entry ({@code member.invited}).
 * The codes are the contract (the API answers them); the console says each as words.
 */
public enum AuditAction {
    MEMBER_INVITED,
    MEMBER_ADDED,
    MEMBER_ACTIVATED,
    MEMBER_ROLE_CHANGED,
    MEMBER_STATUS_CHANGED,
    MEMBER_TEAMS_CHANGED,
    MEMBER_REMOVED,
    MEMBER_INVITATION_RESENT,
    MEMBER_PASSWORD_RESET_REQUESTED,
    MEMBER_PASSWORD_RESET,
    INVITATION_OPENED,
    INVITATION_ACCEPTED,
    PROFILE_ACTIVATED,
    PROFILE_DEACTIVATED,
    PROFILE_REACTIVATED,
    TEAM_CREATED,
    TEAM_RENAMED,
    TEAM_DELETED;

    /** The code stored and answered: {@code MEMBER_ROLE_CHANGED} is {@code member.role-changed}. */
    public String code() {
        String name = name().toLowerCase(Locale.ROOT);
        int dot = name.indexOf('_');
        return name.substring(0, dot) + "." + name.substring(dot + 1).replace('_', '-');
    }

    /** The action of a stored code, if it is one this version knows. */
    public static Optional<AuditAction> of(String code) {
        for (AuditAction action : values()) {
            if (action.code().equals(code)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
