package io.usher.console;

import java.util.Locale;

/**
 * What a form just did, named in the link it redirects to ({@code ?notice=saved}) so that the next
 * page can say so.
 */
public enum Notice {
    SAVED,
    RESENT,
    REMOVED,
    DEACTIVATED,
    TEAM_CREATED,
    TEAM_RENAMED,
    TEAM_DELETED,
    REACTIVATED;

    /** The notice a link names, or null for any other word: an edited link shows none rather than failing. */
    static Notice named(String word) {
        for (Notice notice : values()) {
            if (notice.word().equals(word)) {
                return notice;
            }
        }
        return null;
    }

    /** The query that names this notice, for a redirect. */
    String query() {
        return "?notice=" + word();
    }

    private String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
