package io.usher.audit;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** An account's audit log, newest first: every change made by anyone, or by the workers. */
@Path("/api/v1/accounts/{accountId}/audit")
@Tag(name = "Audit", description = "Who changed what in an account, and when")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AccountAccess access;
    private final AuditTrail trail;
    private final Caller caller;

    public AuditResource(AccountAccess access, AuditTrail trail, Caller caller) {
        this.access = access;
        this.trail = trail;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of audit entries")
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @Operation(
            operationId = "listAuditEntries",
            summary = "The account's audit log, newest first; by actor (part of it), action, and period"
                    + " (from/to: dates, each a whole UTC day, or instants; to is exclusive for instants)")
    public Uni<PageView<AuditView>> list(
            @RestPath UUID accountId,
            @Valid @BeanParam PageQuery page,
            @Parameter(description = "Part of the acting person's email address, ignoring case") @RestQuery
                    String actor,
            @Parameter(description = "One action, e.g. `member.role-changed` (the `action` of an entry)") @RestQuery
                    String action,
            @Parameter(description = "From this date (a whole UTC day, `2026-12-01`) or instant, included") @RestQuery
                    String from,
            @Parameter(description = "To this date (included, a whole UTC day) or instant (excluded)") @RestQuery
                    String to) {
        AuditFilter filter = AuditFilter.parse(actor, action, from, to);
        return access.requireAdmin(Actor.of(caller), accountId)
                .chain(account -> trail.newestFirst(accountId, filter, page));
    }
}
