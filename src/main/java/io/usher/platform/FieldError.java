package io.usher.platform;

/** One invalid input: which field (a JSON path, or a query parameter's name) and why. */
public record FieldError(String field, String message) {}
