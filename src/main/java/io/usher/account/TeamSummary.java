package io.usher.account;

import java.util.UUID;

/** A team as the console lists it: with how many members it has. */
public record TeamSummary(UUID id, String name, long members) {}
