package io.usher.invite;

import java.util.List;
import java.util.Map;

/**
 * What one chunk's transaction did: every line's outcome, in order, for publication; how many
 * addresses it decided by outcome; and how many batches it completed. A chunk holds only lines not
 * decided before (Inbox), so nothing is counted twice.
 */
public record AppliedChunk(List<OutcomeEvent> outcomes, Map<Outcome, Integer> newlyDecided, int batchesCompleted) {}
