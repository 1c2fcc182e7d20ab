package io.usher.console;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.account.AccountRef;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The pages of one account: shown only to its administrators, inside the frame that names the
 * account; a problem on the way (not theirs, not found, refused) is the console's problem page.
 */
@ApplicationScoped
public class AccountPages {

    private final AccountAccess access;
    private final Console console;

    public AccountPages(AccountAccess access, Console console) {
        this.access = access;
        this.console = console;
    }

    public Uni<Response> show(
            Actor actor,
            UUID accountId,
            HttpServerRequest request,
            HttpServerResponse response,
            BiFunction<AccountRef, ConsoleFrame, Uni<Response>> page) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> console.frame(
                                actor,
                                request,
                                response,
                                Optional.of(new ConsoleFrame.AccountLink(account.id(), account.name())))
                        .chain(frame -> page.apply(account, frame)
                                .onFailure(ProblemException.class)
                                .recoverWithItem(e -> ConsoleResponses.problem(frame, (ProblemException) e))))
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> console.frame(actor, request, response, Optional.empty())
                        .map(frame -> ConsoleResponses.problem(frame, (ProblemException) e)));
    }

    /** For a page's script: the account, if the actor administers it, or the API's problem. */
    public Uni<AccountRef> requireAdmin(Actor actor, UUID accountId) {
        return access.requireAdmin(actor, accountId);
    }
}
