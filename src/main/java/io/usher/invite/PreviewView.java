package io.usher.invite;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a bulk invitation would do: the count of each outcome over every line, and the lines that
 * would not succeed, in list order — the first {@code usher.invitations.preview-lines} (1,000) of
 * them; {@code truncated} says there were more (the counts still include them).
 */
public record PreviewView(
        int total,
        @Schema(implementation = OutcomeCounts.class) Map<Outcome, Integer> counts,
        List<OutcomeView> lines,
        boolean truncated) {}
