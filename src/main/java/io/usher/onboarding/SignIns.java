package io.usher.onboarding;

import io.quarkus.oidc.SecurityEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Records when a person last signed in, for the platform administrator's page of that person.
 *
 * <p>Why here and not from Keycloak: its user sessions are forgotten when they end (a person who
 * signed in last month and signed out has none), and its login events are off by default, kept for a
 * configured while, and need an admin call per page. Usher sees every sign-in to its pages itself:
 * the authorization-code flow's completion ({@code OIDC_LOGIN}), once per sign-in, not per request
 * — one indexed update. API callers with bearer tokens sign in at the identity provider, not here,
 * and are not counted.
 */
@ApplicationScoped
public class SignIns {

    private static final Logger LOG = Logger.getLogger(SignIns.class);

    private final Pool pool;

    public SignIns(Pool pool) {
        this.pool = pool;
    }

    void signedIn(@Observes SecurityEvent event) {
        if (event.getEventType() != SecurityEvent.Type.OIDC_LOGIN
                || event.getSecurityIdentity() == null
                || !(event.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token)) {
            return;
        }
        String email = token.getClaim("email");
        if (email == null || email.isBlank()) {
            return;
        }
        // Not awaited: the sign-in goes on whatever becomes of this record, which is only informative.
        pool.preparedQuery("UPDATE profiles SET last_signed_in_at = now() WHERE email = $1")
                .execute(Tuple.of(email.strip().toLowerCase(Locale.ROOT)))
                .subscribe()
                .with(done -> {}, failure -> LOG.warnf("A sign-in could not be recorded: %s", failure.getMessage()));
    }
}
