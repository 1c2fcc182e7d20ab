package io.usher.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What an account admin sends to create a team. */
public record NewTeam(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters")
        String name) {}
