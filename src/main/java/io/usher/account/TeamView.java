package io.usher.account;

import java.util.UUID;

/** A team as the API shows it. */
public record TeamView(UUID id, String name) {

    static TeamView of(Team team) {
        return new TeamView(team.id, team.name);
    }
}
