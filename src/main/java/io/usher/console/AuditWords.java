package io.usher.console;

import io.usher.audit.AuditAction;
import io.usher.member.MembershipStatus;
import io.usher.member.ProfileStatus;
import io.usher.member.Role;
import io.usher.onboarding.PageMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The audit log's actions and changes as the console says them: words, never stored codes. */
final class AuditWords {

    private AuditWords() {}

    static String action(PageMessages msg, AuditAction action) {
        return switch (action) {
            case MEMBER_INVITED -> msg.console_audit_action_memberInvited();
            case MEMBER_ADDED -> msg.console_audit_action_memberAdded();
            case MEMBER_ACTIVATED -> msg.console_audit_action_memberActivated();
            case MEMBER_ROLE_CHANGED -> msg.console_audit_action_memberRoleChanged();
            case MEMBER_STATUS_CHANGED -> msg.console_audit_action_memberStatusChanged();
            case MEMBER_TEAMS_CHANGED -> msg.console_audit_action_memberTeamsChanged();
            case MEMBER_REMOVED -> msg.console_audit_action_memberRemoved();
            case MEMBER_INVITATION_RESENT -> msg.console_audit_action_memberInvitationResent();
            case MEMBER_PASSWORD_RESET_REQUESTED -> msg.console_audit_action_memberPasswordResetRequested();
            case MEMBER_PASSWORD_RESET -> msg.console_audit_action_memberPasswordReset();
            case INVITATION_OPENED -> msg.console_audit_action_invitationOpened();
            case INVITATION_ACCEPTED -> msg.console_audit_action_invitationAccepted();
            case PROFILE_ACTIVATED -> msg.console_audit_action_profileActivated();
            case PROFILE_DEACTIVATED -> msg.console_audit_action_profileDeactivated();
            case PROFILE_REACTIVATED -> msg.console_audit_action_profileReactivated();
            case TEAM_CREATED -> msg.console_audit_action_teamCreated();
            case TEAM_RENAMED -> msg.console_audit_action_teamRenamed();
            case TEAM_DELETED -> msg.console_audit_action_teamDeleted();
        };
    }

    /**
     * What an entry's details say changed: "before → after" for each field it names (role, status,
     * name, teams), or the new values alone when nothing was before; empty when it names none.
     */
    static String change(ConsoleFrame frame, Map<String, Object> details) {
        if (details == null) {
            return "";
        }
        Map<?, ?> before = map(details.get("before"));
        Map<?, ?> after = map(details.get("after"));
        List<String> said = new ArrayList<>();
        for (String field : List.of("role", "status", "name", "teams")) {
            String was = value(frame, field, before.get(field));
            String is = value(frame, field, after.get(field));
            if (was != null && is != null) {
                said.add(was + " → " + is);
            } else if (is != null) {
                said.add(is);
            } else if (was != null) {
                said.add(was);
            }
        }
        return String.join(", ", said);
    }

    /** A nested object of the details, as a map whichever way the JSON was read. */
    private static Map<?, ?> map(Object value) {
        if (value instanceof JsonObject object) {
            return object.getMap();
        }
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static int size(Object value) {
        if (value instanceof JsonArray array) {
            return array.size();
        }
        return value instanceof Collection<?> list ? list.size() : 0;
    }

    private static String value(ConsoleFrame frame, String field, Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        return switch (field) {
            case "role" -> known(Role.class, text) ? frame.role(text) : text;
            case "status" -> status(frame, text);
            case "teams" -> frame.msg().console_audit_teamCount(frame.number(size(value)));
            default -> text;
        };
    }

    private static String status(ConsoleFrame frame, String status) {
        if (known(MembershipStatus.class, status)) {
            return frame.status(status);
        }
        return known(ProfileStatus.class, status) ? frame.profileStatus(status) : status;
    }

    private static <E extends Enum<E>> boolean known(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
