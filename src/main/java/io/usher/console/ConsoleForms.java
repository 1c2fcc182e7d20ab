package io.usher.console;

import io.usher.member.MemberChange;
import io.usher.member.MembershipStatus;
import io.usher.member.Role;
import io.usher.platform.ApiMessages;
import io.usher.platform.Ids;
import io.usher.platform.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reading what the console's links and forms send. */
final class ConsoleForms {

    private ConsoleForms() {}

    /** A choice of a filter: one of the enum's values, or none (a wrong value in a link is ignored). */
    static <E extends Enum<E>> Optional<E> choice(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An id in a link, or none (a wrong one is ignored, as a wrong filter is). */
    static Optional<UUID> id(String value) {
        return Optional.ofNullable(Ids.parse(value));
    }

    /**
     * The member form as sent. Its selects and boxes only offer right values, so a wrong one was
     * forged or is stale: it is refused rather than read as "no change" or "no team".
     */
    static MemberChange memberChange(String role, String status, List<String> teams) {
        List<UUID> wanted = new ArrayList<>();
        for (String team : teams == null ? List.<String>of() : teams) {
            wanted.add(id(team).orElseThrow(
                            () -> ProblemException.invalidField("teams", ApiMessages::field_unknown_team)));
        }
        return new MemberChange(
                strict(Role.class, role, "role").orElse(null),
                strict(MembershipStatus.class, status, "status").orElse(null),
                wanted);
    }

    private static <E extends Enum<E>> Optional<E> strict(Class<E> type, String value, String field) {
        Optional<E> parsed = choice(type, value);
        if (parsed.isEmpty() && value != null && !value.isBlank()) {
            String shown = abbreviated(value);
            throw ProblemException.invalidField(field, m -> m.field_unknown_value(shown));
        }
        return parsed;
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
