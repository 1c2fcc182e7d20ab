package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditFilter;
import io.usher.audit.AuditTrail;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * An account's audit log in the console, newest first, with the API's filters (actor, action,
 * period) and paging, for those the API lets read it: the account's administrators and platform
 * admins. A filter that cannot be read comes back as the page with the filters as typed and why
 * (400), not as an unfiltered list.
 */
@Path("/console/accounts/{accountId}/audit")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AuditConsole {

    private static final int PAGE_SIZE = 50;
    /** The longest filter text kept in the page's fields and links. */
    private static final int SHOWN = 300;

    private final AccountPages pages;
    private final AuditTrail trail;
    private final Caller caller;

    public AuditConsole(AccountPages pages, AuditTrail trail, Caller caller) {
        this.pages = pages;
        this.trail = trail;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The account's audit log, by actor, action and period")
    public Uni<Response> list(
            @RestPath UUID accountId,
            @RestQuery String actor,
            @RestQuery String action,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery Integer page,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        int at = ConsolePages.Filters.index(page);
        return pages.show(Actor.of(caller), accountId, request, response, (account, frame) -> {
            String query = query(actor, action, from, to);
            AuditFilter filter;
            try {
                filter = AuditFilter.parse(actor, action, from, to);
            } catch (ProblemException e) {
                ConsolePages.AuditFilters shown =
                        filters(actor, action, from, to, ConsolePages.Filters.paging(0, PAGE_SIZE, 0), e, frame);
                return Uni.createFrom()
                        .item(ConsoleResponses.status(
                                e.type().status(),
                                frame,
                                ConsolePages.audit(frame, new PageView<>(List.of(), 0, PAGE_SIZE, 0), shown)));
            }
            return trail.newestFirst(accountId, filter, new PageQuery(at, PAGE_SIZE))
                    .map(found -> {
                        int pages = ConsolePages.Filters.pageCount(found.total(), PAGE_SIZE);
                        ConsolePages.Filters paging = new ConsolePages.Filters("", "", "", "", at, pages, query);
                        return ConsoleResponses.ok(
                                frame,
                                ConsolePages.audit(
                                        frame, found, filters(actor, action, from, to, paging, null, frame)));
                    });
        });
    }

    private static ConsolePages.AuditFilters filters(
            String actor,
            String action,
            String from,
            String to,
            ConsolePages.Filters paging,
            ProblemException refused,
            ConsoleFrame frame) {
        return new ConsolePages.AuditFilters(
                shown(actor),
                shown(action),
                shown(from),
                shown(to),
                paging,
                refused == null ? null : refused.readable(frame.lang()));
    }

    /** The filters again, for the paging links. */
    private static String query(String actor, String action, String from, String to) {
        StringBuilder query = new StringBuilder();
        append(query, "actor", actor);
        append(query, "action", action);
        append(query, "from", from);
        append(query, "to", to);
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        String kept = shown(value);
        if (!kept.isEmpty()) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(kept, StandardCharsets.UTF_8));
        }
    }

    private static String shown(String value) {
        String kept = value == null ? "" : value.strip();
        return kept.length() > SHOWN ? kept.substring(0, SHOWN) : kept;
    }
}
