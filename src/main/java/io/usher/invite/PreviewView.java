package io.usher.invite;

import java.util.List;
import java.util.Map;

/** What a bulk invitation would do: the count of each outcome, and every line that would not succeed. */
public record PreviewView(int total, Map<Outcome, Integer> counts, List<OutcomeView> lines) {}
