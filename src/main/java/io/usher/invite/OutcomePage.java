package io.usher.invite;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of outcomes in seq order; {@code next} is the {@code after} to ask with for the rest, or
 * null once the batch is complete and nothing is left.
 */
public record OutcomePage(
        @Schema(required = true) List<OutcomeView> items,

        @Schema(
                required = true,
                nullable = true,
                description = "The `after` to ask with for the rest; null once the batch is complete and"
                        + " nothing is left")
        Integer next) {}
