package io.usher.identity;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The identity provider as Keycloak: the admin API through Usher's own service account (a client
 * with manage-users), over a client with connect and read time-outs, off the event loop. Reads
 * are retried; writes are not, and {@link #createWithPassword} finds before it creates, so a
 * caller may repeat it. While most recent calls fail, a circuit breaker answers at once that the
 * provider is away, instead of every person waiting out the time-outs and retries.
 */
@ApplicationScoped
public class KeycloakIdentityProvider implements IdentityProvider {

    private static final Logger LOG = Logger.getLogger(KeycloakIdentityProvider.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The circuit opens when half of the last ten calls failed, and lets calls through again after five seconds. */
    private static final int BREAKER_WINDOW = 10;

    private static final Duration BREAKER_DELAY = Duration.ofSeconds(5);

    private final Keycloak keycloak;
    private final String realm;
    private final String issuer;
    private final String clientId;
    private final String publicBaseUrl;
    private final UsherConfig.Identity settings;
    private final KeycloakCalls calls;
    /** One circuit for every call to Keycloak, reads and writes alike: it is one server. */
    private final Guard circuit;
    /** Another try of a read, through the circuit again, when the failure is worth it. */
    private final Guard retries;

    public KeycloakIdentityProvider(
            UsherConfig config,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.server-url") String serverUrl,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.realm") String realm,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.client-id") String serviceClientId,
            @ConfigProperty(name = "quarkus.keycloak.admin-client.client-secret") String serviceSecret,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            @ConfigProperty(name = "quarkus.oidc.client-id") String clientId,
            MeterRegistry registry) {
        this.settings = config.identity();
        this.calls = new KeycloakCalls(registry);
        this.realm = realm;
        this.issuer = issuer;
        this.clientId = clientId;
        this.publicBaseUrl = config.publicBaseUrl();
        this.circuit = Guard.create()
                .withDescription("keycloak")
                .withCircuitBreaker()
                .requestVolumeThreshold(BREAKER_WINDOW)
                .failureRatio(0.5)
                .delay(BREAKER_DELAY.toMillis(), ChronoUnit.MILLIS)
                // A refused password is an answer, not a failure of the provider.
                .skipOn(PasswordRefusedException.class)
                .onStateChange(state -> LOG.infof("Keycloak: the circuit is %s", state))
                .done()
                .build();
        this.retries = Guard.create()
                .withDescription("keycloak-retries")
                .withRetry()
                .maxRetries(settings.retries())
                .delay(200, ChronoUnit.MILLIS)
                .jitter(50, ChronoUnit.MILLIS)
                .whenException(KeycloakIdentityProvider::worthRetrying)
                .withExponentialBackoff()
                .maxDelay(2, ChronoUnit.SECONDS)
                .done()
                .done()
                .build();
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(serverUrl)
                .realm(realm)
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(serviceClientId)
                .clientSecret(serviceSecret)
                .resteasyClient(ClientBuilder.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                        .build())
                .build();
    }

    @Override
    public Uni<String> createWithPassword(NewCredential person) {
        return retried("create_credential", "set up a credential", () -> {
            String subject =
                    find(person.email()).map(user -> adoptable(user.getId())).orElseGet(() -> create(person));
            setPasswordNow(subject, person.password());
            return subject;
        });
    }

    @Override
    public Uni<Void> setPassword(String subject, String password) {
        return once("set_password", "set a password", () -> {
            setPasswordNow(subject, password);
            return null;
        });
    }

    @Override
    public Uni<Optional<IdentityPerson>> findByEmail(String email) {
        return retried(
                "find_person",
                "look a person up",
                () -> find(email)
                        .map(user -> new IdentityPerson(
                                user.getId(),
                                user.getEmail(),
                                Boolean.TRUE.equals(user.isEnabled()),
                                realm().users().get(user.getId()).credentials().stream()
                                        .anyMatch(c -> CredentialRepresentation.PASSWORD.equals(c.getType())))));
    }

    @Override
    public Uni<Void> disable(String subject) {
        return once("disable_person", "disable a person", () -> {
            UserRepresentation change = new UserRepresentation();
            change.setEnabled(false);
            realm().users().get(subject).update(change);
            return null;
        });
    }

    @Override
    public Uni<Void> enable(String subject) {
        // Enabling an enabled person changes nothing: the call is safe to repeat.
        return retried("enable_person", "enable a person", () -> {
            UserRepresentation change = new UserRepresentation();
            change.setEnabled(true);
            realm().users().get(subject).update(change);
            return null;
        });
    }

    @Override
    public Uni<Void> endSessions(String subject) {
        return retried("end_sessions", "end a person's sessions", () -> {
            realm().users().get(subject).logout();
            return null;
        });
    }

    @Override
    public URI signInUrl(String email, Optional<String> identityProviderAlias, String language) {
        // /signin forwards ui_locales to the authorization request (quarkus.oidc.web.authentication.forward-params):
        // Keycloak's sign-in page then speaks the person's language, which the realm supports (en, fr).
        UriBuilder url = UriBuilder.fromUri(publicBaseUrl)
                .path("signin")
                .queryParam("login_hint", email)
                .queryParam("ui_locales", "fr".equals(language) ? "fr" : "en");
        identityProviderAlias.ifPresent(alias -> url.queryParam("kc_idp_hint", alias));
        return url.build();
    }

    @Override
    public URI signOutUrl(Optional<String> idToken, URI then) {
        UriBuilder url = UriBuilder.fromUri(issuer)
                .path("protocol/openid-connect/logout")
                .queryParam("client_id", clientId)
                .queryParam("post_logout_redirect_uri", then);
        idToken.ifPresent(token -> url.queryParam("id_token_hint", token));
        return url.build();
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }

    /**
     * The provider's person of this address: only one whose address the provider verified (Usher
     * makes people so), never someone who merely set their email to it — their user name follows
     * their email in this realm — which would hand the invitee's password to a stranger.
     */
    private Optional<UserRepresentation> find(String email) {
        return realm().users().searchByEmail(email, true).stream()
                .filter(user -> email.equalsIgnoreCase(user.getEmail()) && Boolean.TRUE.equals(user.isEmailVerified()))
                .findFirst();
    }

    /**
     * A person found by address is given the invitee's password only if no company provider signs
     * them in: a brokered provider may assert any address, and the password would bind the invitee's
     * profile to whoever that provider lets in.
     */
    private String adoptable(String subject) {
        if (!realm().users().get(subject).getFederatedIdentity().isEmpty()) {
            throw new IllegalStateException("The address's person signs in through a brokered identity provider");
        }
        return subject;
    }

    private String create(NewCredential person) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(person.email());
        user.setEmail(person.email());
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName(person.firstName());
        user.setLastName(person.lastName());
        user.setAttributes(Map.of("locale", List.of(person.language())));
        try (Response response = realm().users().create(user)) {
            if (response.getStatus() == Response.Status.CONFLICT.getStatusCode()) {
                // Created meanwhile by a repeated request: that person is the one.
                return find(person.email())
                        .map(found -> adoptable(found.getId()))
                        .orElseThrow(() -> new IllegalStateException(
                                "Keycloak reports a conflict: another person uses the address or user name"));
            }
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private void setPasswordNow(String subject, String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        try {
            realm().users().get(subject).resetPassword(credential);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == Response.Status.BAD_REQUEST.getStatusCode()) {
                throw refusal(e.getResponse());
            }
            throw e;
        }
    }

    /** Keycloak names the rule a password broke: {"error": key, "error_description": text}. */
    private static PasswordRefusedException refusal(Response response) {
        JsonObject body;
        try {
            body = new JsonObject(response.readEntity(String.class));
        } catch (RuntimeException e) {
            body = new JsonObject();
        }
        String reason = body.getString("error", body.getString("errorMessage", "invalidPasswordMessage"));
        String detail = body.getString("error_description", body.getString("errorMessage", reason));
        Object params = body.getValue("params");
        String parameter = params instanceof io.vertx.core.json.JsonArray array && !array.isEmpty()
                ? String.valueOf(array.getValue(0))
                : digits(detail);
        return new PasswordRefusedException(reason, detail, parameter);
    }

    private static String digits(String text) {
        String found = text == null ? "" : text.replaceAll("\\D+", " ").trim();
        return found.isEmpty() ? null : found.split(" ")[0];
    }

    /** A read (or a repeatable write): {@link #once}, and again with back-off when worth it. */
    private <T> Uni<T> retried(String operation, String what, Supplier<T> work) {
        return unavailableWhileOpen(
                retries.get(() -> throughCircuit(operation, what, work), new TypeLiteral<Uni<T>>() {}),
                operation,
                what);
    }

    /**
     * A blocking admin call through the circuit; any failure but a refused password becomes {@link
     * IdentityProviderUnavailableException} (a 503 for clients).
     */
    private <T> Uni<T> once(String operation, String what, Supplier<T> work) {
        return unavailableWhileOpen(throughCircuit(operation, what, work), operation, what);
    }

    private <T> Uni<T> throughCircuit(String operation, String what, Supplier<T> work) {
        return circuit.get(() -> attempt(operation, what, work), new TypeLiteral<Uni<T>>() {});
    }

    /** A call the open circuit refused: a 503 at once, counted as {@code result="refused_open"}. */
    private <T> Uni<T> unavailableWhileOpen(Uni<T> call, String operation, String what) {
        return call.onFailure(CircuitBreakerOpenException.class).transform(e -> {
            calls.get(operation, "refused_open").record(Duration.ZERO);
            return new IdentityProviderUnavailableException(what, e);
        });
    }

    /**
     * One try on a worker thread, within the configured time, timed by operation and result. The
     * log says what failed, never whom it was for.
     */
    private <T> Uni<T> attempt(String operation, String what, Supplier<T> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return Uni.createFrom()
                    .item(work)
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .ifNoItem()
                    .after(settings.timeout().plus(CONNECT_TIMEOUT))
                    .failWith(() -> new IdentityProviderUnavailableException(what, null))
                    .onFailure(e -> !(e instanceof PasswordRefusedException
                            || e instanceof IdentityProviderUnavailableException))
                    .transform(e -> {
                        LOG.warnf("Keycloak: failed to %s: %s", what, describe(e));
                        return new IdentityProviderUnavailableException(what, e);
                    })
                    .onItemOrFailure()
                    .invoke((item, failure) -> sample.stop(calls.get(operation, result(failure))));
        });
    }

    /**
     * The status Keycloak answered, or the network's failure: never the request's URL or body,
     * which hold the person's address.
     */
    private static String describe(Throwable e) {
        if (e instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String result(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        return failure instanceof PasswordRefusedException ? "refused" : "error";
    }

    /** Failures worth another try: no answer in time, or a server error. */
    private static boolean worthRetrying(Throwable e) {
        if (!(e instanceof IdentityProviderUnavailableException)) {
            return false;
        }
        Throwable cause = e.getCause();
        return cause == null
                || cause instanceof ProcessingException
                || (cause instanceof WebApplicationException web
                        && web.getResponse().getStatus() >= 500);
    }
}
