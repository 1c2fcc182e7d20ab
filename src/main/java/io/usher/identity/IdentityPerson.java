package io.usher.identity;

/** A person as the identity provider knows them. */
public record IdentityPerson(String subject, String email, boolean enabled, boolean hasPassword) {}
