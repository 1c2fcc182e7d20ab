package io.usher.account;

import io.usher.platform.JsonBody;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What an account admin sends to create a team. */
public record NewTeam(
        @NotBlank(message = "{usher.required}") @Size(max = 100, message = "{usher.max.characters}")
        String name) implements JsonBody {}
