package io.usher.platform;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.usher.platform.IdentityRule.Candidate;
import io.usher.platform.IdentityRule.Claims;
import io.usher.platform.IdentityRule.Decision;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Resolves, for every authenticated request (API bearer token or pages' session alike), which
 * profile the person is ({@link IdentityRule}), and binds an unclaimed profile to the subject at
 * its first sign-in. The answer rides on the security identity as {@link CallerProfile#ATTRIBUTE}.
 * Platform-admin rights come from the token's role and do not depend on it.
 *
 * <p>A profile found is remembered per replica for a few seconds (cache {@value #CACHE}: 5 s,
 * 10,000 tokens' worth, application.properties), so that a console refreshing every 3 s or an event
 * stream reconnecting does not look the profile up each time. Only the answer "this token is that
 * profile" is kept, and it cannot change once the profile is bound to the subject (a subject's
 * profile is never unbound); refusals are judged afresh each time. Whether the profile is
 * deactivated, and each membership's role and status, are not part of it: every endpoint reads
 * them at each request, so such changes hold from the next request on, on every replica.
 */
@ApplicationScoped
public class CallerProfiles implements SecurityIdentityAugmentor {

    /** The token claim that names the brokered identity provider (a user-session-note mapper of the realm). */
    public static final String PROVIDER_CLAIM = "identity_provider";

    private static final Logger LOG = Logger.getLogger(CallerProfiles.class);

    private static final String CANDIDATES = "SELECT p.id, p.email, p.idp_subject, p.status = 'DEACTIVATED',"
            + " s.identity_provider"
            + " FROM profiles p LEFT JOIN sso_domains s ON s.domain = substring(p.email FROM '@([^@]*)$')"
            + " WHERE p.idp_subject = $1 OR p.email = $2";

    private static final String BIND = "UPDATE profiles SET idp_subject = $2, idp_alias = $3, updated_at = now()"
            + " WHERE id = $1 AND idp_subject IS NULL AND status <> 'DEACTIVATED'";

    /** The cache of profiles found, keyed by the token's issuer and claims (application.properties). */
    public static final String CACHE = "caller-profiles";

    private final Pool pool;
    private final CaffeineCache found;

    public CallerProfiles(Pool pool, @CacheName(CACHE) Cache found) {
        this.pool = pool;
        this.found = found.as(CaffeineCache.class);
    }

    /** Everything of a token the resolution reads: another issuer or another claim is another key. */
    private record Key(String issuer, Claims claims) {}

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getSubject() == null) {
            return Uni.createFrom().item(identity);
        }
        Claims claims = claimsOf(token);
        Key key = new Key(token.getIssuer(), claims);
        CompletableFuture<CallerProfile> known = found.getIfPresent(key);
        Uni<CallerProfile> resolved = known != null
                ? Uni.createFrom().completionStage(known)
                : resolve(claims, true).invoke(profile -> {
                    if (profile.standing() == CallerProfile.Standing.FOUND) {
                        found.put(key, CompletableFuture.completedFuture(profile));
                    }
                });
        return resolved.map(profile -> QuarkusSecurityIdentity.builder(identity)
                .addAttribute(CallerProfile.ATTRIBUTE, profile)
                .build());
    }

    /** What the token says about its person; a claim Keycloak leaves out counts as absent (or false). */
    static Claims claimsOf(JsonWebToken token) {
        return new Claims(
                token.getSubject(),
                text(token, "email").map(email -> email.toLowerCase(Locale.ROOT)),
                "true".equals(String.valueOf((Object) token.getClaim("email_verified"))),
                text(token, PROVIDER_CLAIM));
    }

    private Uni<CallerProfile> resolve(Claims claims, boolean mayRetry) {
        return pool.preparedQuery(CANDIDATES)
                .execute(Tuple.of(claims.subject(), claims.email().orElse(null)))
                .chain(rows -> {
                    Decision decision = IdentityRule.decide(claims, candidates(rows));
                    CallerProfile profile = decision.profile();
                    if (profile.standing() == CallerProfile.Standing.CLAIMED_BY_ANOTHER
                            || profile.standing() == CallerProfile.Standing.WRONG_PROVIDER) {
                        LOG.warnf(
                                "A sign-in (subject %s) was refused its address's profile: %s",
                                claims.subject(), profile.standing());
                    }
                    if (!decision.bind()) {
                        return Uni.createFrom().item(profile);
                    }
                    return bind(profile, claims).chain(bound -> {
                        if (bound) {
                            return Uni.createFrom().item(profile);
                        }
                        // Another request claimed the profile meanwhile: judge again against what it left.
                        return mayRetry
                                ? resolve(claims, false)
                                : Uni.createFrom()
                                        .item(CallerProfile.refused(CallerProfile.Standing.CLAIMED_BY_ANOTHER));
                    });
                });
    }

    private Uni<Boolean> bind(CallerProfile profile, Claims claims) {
        return pool.preparedQuery(BIND)
                .execute(Tuple.of(
                        profile.id().orElseThrow(),
                        claims.subject(),
                        claims.provider().orElse(null)))
                .map(rows -> rows.rowCount() == 1)
                .onFailure(SqlStates::isUniqueViolation)
                .recoverWithItem(false)
                .invoke(bound -> {
                    if (bound) {
                        LOG.infof(
                                "Profile %s bound to subject %s%s",
                                profile.id().get(),
                                claims.subject(),
                                claims.provider()
                                        .map(alias -> " through provider " + alias)
                                        .orElse(""));
                    }
                });
    }

    private static List<Candidate> candidates(RowSet<Row> rows) {
        List<Candidate> candidates = new ArrayList<>();
        for (Row row : rows) {
            candidates.add(new Candidate(
                    row.getUUID(0),
                    row.getString(1),
                    Optional.ofNullable(row.getString(2)),
                    row.getBoolean(3),
                    Optional.ofNullable(row.getString(4))));
        }
        return candidates;
    }

    private static Optional<String> text(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        return value instanceof String text && !text.isBlank() ? Optional.of(text.strip()) : Optional.empty();
    }
}
