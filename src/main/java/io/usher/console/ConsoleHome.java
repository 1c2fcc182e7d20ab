package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where the console opens: the first account the person administers, or the platform pages. */
@Path("/console")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ConsoleHome {

    private final Console console;
    private final Caller caller;

    public ConsoleHome(Console console, Caller caller) {
        this.console = console;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The console's start")
    public Uni<Response> home() {
        Actor actor = Actor.of(caller);
        return console.administered(actor).map(accounts -> {
            if (!accounts.isEmpty()) {
                return ConsoleResponses.seeOther(
                        "/console/accounts/" + accounts.get(0).id() + "/users");
            }
            return ConsoleResponses.seeOther(actor.platformAdmin() ? "/console/admin/users" : "/welcome");
        });
    }
}
