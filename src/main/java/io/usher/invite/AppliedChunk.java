package io.usher.invite;

import java.util.List;
import java.util.Map;

/**
 * What one chunk's transaction did: every request's outcome (new and already stored, in request
 * order, for publication), how many addresses it newly decided by outcome, and how many batches it
 * completed. Redelivered requests count nothing twice: only the new decisions are counted.
 */
public record AppliedChunk(List<OutcomeEvent> outcomes, Map<Outcome, Integer> newlyDecided, int batchesCompleted) {}
