package io.usher.invite;

import java.util.List;

/**
 * A page of outcomes in seq order; {@code next} is the {@code after} to ask with for the rest, or
 * null once the batch is complete and nothing is left.
 */
public record OutcomePage(List<OutcomeView> items, Integer next) {}
