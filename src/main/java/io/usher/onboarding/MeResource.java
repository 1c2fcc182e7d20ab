package io.usher.onboarding;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Caller;
import io.usher.platform.CallerProfile;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own profile and memberships; the first call of a new person activates them. */
@Path("/api/v1/me")
@Tag(name = "Invitees")
@SecurityRequirement(name = "SecurityScheme")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final Activation activation;
    private final Pool pool;
    private final Caller caller;

    public MeResource(Activation activation, Pool pool, Caller caller) {
        this.activation = activation;
        this.pool = pool;
        this.caller = caller;
    }

    @GET
    @Authenticated
    @Operation(summary = "The caller's profile and memberships (a first call completes a first sign-in)")
    public Uni<MeView> me() {
        CallerProfile profile = caller.profile();
        profile.refusal().ifPresent(refusal -> {
            throw refusal;
        });
        SignedInPerson person = new SignedInPerson(
                caller.email().orElse(""), profile, caller.claim("given_name"), caller.claim("family_name"));
        return activation.onAuthenticated(person).chain(result -> switch (result.state()) {
            case ACTIVE -> view(result.profileId());
            case TERMS_REQUIRED ->
                throw new ProblemException(
                        ProblemType.FORBIDDEN,
                        "Accept the terms of use first: sign in to Usher's pages, which ask for them (/signin)");
            case DEACTIVATED ->
                throw new ProblemException(
                        ProblemType.FORBIDDEN, "This profile was deactivated by a platform administrator");
            case NO_PROFILE -> throw ProblemException.notFound("A profile for the caller's email");
        });
    }

    private Uni<MeView> view(UUID profileId) {
        return pool.preparedQuery("SELECT p.id, p.email, p.first_name, p.last_name, p.phone, p.language, p.status,"
                        + " m.account_id, a.name, m.role, m.status"
                        + " FROM profiles p"
                        + " LEFT JOIN memberships m ON m.profile_id = p.id AND m.status <> 'REMOVED'"
                        + " LEFT JOIN accounts a ON a.id = m.account_id"
                        + " WHERE p.id = $1 ORDER BY lower(a.name)")
                .execute(Tuple.of(profileId))
                .map(rows -> {
                    List<MeView.Membership> memberships = new ArrayList<>();
                    Row first = null;
                    for (Row row : rows) {
                        first = first == null ? row : first;
                        if (row.getUUID(7) != null) {
                            memberships.add(new MeView.Membership(
                                    row.getUUID(7), row.getString(8), row.getString(9), row.getString(10)));
                        }
                    }
                    return new MeView(
                            first.getUUID(0),
                            first.getString(1),
                            first.getString(2),
                            first.getString(3),
                            first.getString(4),
                            first.getString(5),
                            first.getString(6),
                            memberships);
                });
    }

    /** The caller as Usher knows them. */
    public record MeView(
            UUID id,
            String email,
            String firstName,
            String lastName,
            String phone,
            String language,
            String status,
            List<Membership> memberships) {

        public record Membership(UUID accountId, String accountName, String role, String status) {}
    }
}
