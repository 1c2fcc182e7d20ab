package io.usher.identity;

import io.smallrye.mutiny.Uni;
import java.net.URI;
import java.util.Optional;

/**
 * What Usher asks of the identity provider that holds credentials and signs people in. Usher
 * keeps profiles and memberships; the provider keeps passwords, sessions and federated sign-in.
 * Every call has a time-out; reads are retried, writes are made safe to repeat by their callers.
 */
public interface IdentityProvider {

    /**
     * Gives the person with this email a password credential, creating them when the provider does
     * not know them yet; returns their subject. A refused password fails with
     * {@link PasswordRefusedException}, having changed nothing the person could sign in with.
     */
    Uni<String> createWithPassword(NewCredential person);

    /** Replaces the password of a person the provider knows. */
    Uni<Void> setPassword(String subject, String password);

    /** The person with this email, if the provider knows them. */
    Uni<Optional<IdentityPerson>> findByEmail(String email);

    /** Keeps the person from signing in again. */
    Uni<Void> disable(String subject);

    /** Lets a person kept from signing in ({@link #disable}) sign in again. */
    Uni<Void> enable(String subject);

    /** Ends every session the person has open. */
    Uni<Void> endSessions(String subject);

    /**
     * Where a person starts signing in to Usher's pages: the email pre-filled and, for an SSO
     * domain, straight to their company's identity provider; the provider's pages in the person's
     * language ({@code en} or {@code fr}), so that an invitee who accepted in French signs in in French.
     */
    URI signInUrl(String email, Optional<String> identityProviderAlias, String language);

    /**
     * Ends the person's session at the provider and comes back to {@code then} (one of Usher's own
     * pages), with the ID token of the session when there is one.
     */
    URI signOutUrl(Optional<String> idToken, URI then);
}
