package io.usher.member;

import java.util.Optional;
import java.util.UUID;

/** What an administrator narrows the user list to; every part is optional. */
public record MemberFilter(
        Optional<MembershipStatus> status, Optional<Role> role, Optional<UUID> team, Optional<String> text) {

    /** A text search as a LIKE pattern: the text anywhere, its own % and _ taken literally. */
    Optional<String> pattern() {
        return text.map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(t -> "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
}
