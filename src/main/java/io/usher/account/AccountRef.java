package io.usher.account;

import java.util.UUID;

/** The account a caller may administer, as the access check found it. */
public record AccountRef(UUID id, String name, String defaultLanguage) {}
