package io.usher.onboarding;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.usher.platform.CallerProfile;
import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The person signed in to this browser's pages (the code-flow session), if any. Pages open to
 * everyone ask it lazily: a browser without a session is simply nobody, and a session that can no
 * longer be used counts as none.
 */
@RequestScoped
public class Session {

    private final CurrentIdentityAssociation identities;

    public Session(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Optional<SignedIn>> current() {
        return identities
                .getDeferredIdentity()
                .map(Session::signedIn)
                .onFailure()
                .recoverWithItem(Optional.empty());
    }

    static Optional<SignedIn> signedIn(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        String email = token.getClaim("email");
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SignedIn(
                new SignedInPerson(
                        email.strip().toLowerCase(Locale.ROOT),
                        CallerProfile.of(identity),
                        Optional.ofNullable(token.<String>getClaim("given_name")),
                        Optional.ofNullable(token.<String>getClaim("family_name"))),
                Optional.ofNullable(token.getRawToken())));
    }

    /** A signed-in person and the ID token of their session (for signing out at the provider). */
    public record SignedIn(SignedInPerson person, Optional<String> idToken) {

        public String email() {
            return person.email();
        }

        public CallerProfile profile() {
            return person.profile();
        }

        public String name() {
            String name =
                    (person.givenName().orElse("") + " " + person.familyName().orElse("")).strip();
            return name.isEmpty() ? person.email() : name;
        }
    }
}
