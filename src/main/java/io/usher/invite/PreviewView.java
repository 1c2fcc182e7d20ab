package io.usher.invite;

import io.usher.member.Role;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a bulk invitation would do: the count of each outcome over every line, and the lines that
 * would not succeed, in list order — the first {@code usher.invitations.preview-lines} (1,000) of
 * them; {@code truncated} says there were more (the counts still include them). {@code seats} are
 * the invited role's seats in the same state of the account: used now, and used after this list.
 */
public record PreviewView(
        int total,
        @Schema(implementation = OutcomeCounts.class) Map<Outcome, Integer> counts,
        List<OutcomeView> lines,
        boolean truncated,
        Seats seats) {

    /** The role's quota, its seats taken now, and taken once every line of the list is decided. */
    public record Seats(Role role, int quota, int used, int after) {}
}
