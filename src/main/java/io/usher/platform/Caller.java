package io.usher.platform;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the bearer token's person, and whether they operate the platform. */
@RequestScoped
public class Caller {

    public static final String PLATFORM_ADMIN = "platform-admin";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public boolean isPlatformAdmin() {
        return identity.hasRole(PLATFORM_ADMIN);
    }

    /**
     * The caller's email, lower-case as profiles store it; empty for tokens without one. It names
     * the caller (audit entries, pages) but finds no profile: {@link #profile()} does.
     */
    public Optional<String> email() {
        String email = token.getClaim("email");
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(email.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The caller's profile, as {@link CallerProfiles} resolved it for this request: the one place
     * where a token becomes a profile.
     */
    public CallerProfile profile() {
        return CallerProfile.of(identity);
    }

    /** The identity provider's subject of the caller. */
    public String subject() {
        return token.getSubject();
    }

    /** A text claim of the caller's token, when it has a non-blank one. */
    public Optional<String> claim(String name) {
        Object value = token.getClaim(name);
        return value instanceof String text && !text.isBlank() ? Optional.of(text.strip()) : Optional.empty();
    }

    /** How the caller is named in audit entries and emails. */
    public String label() {
        String name = token.getClaim("name");
        if (name != null && !name.isBlank()) {
            return name.trim();
        }
        return email().orElse(subject());
    }
}
