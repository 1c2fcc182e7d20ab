package io.usher.identity;

import java.util.Optional;

/**
 * The identity provider refused a password under its policy. {@code reason} is the provider's
 * own message key (such as {@code invalidPasswordMinLengthMessage}), {@code detail} its wording,
 * {@code parameter} the figure the rule names (a minimum length, say), when it gives one.
 */
public class PasswordRefusedException extends RuntimeException {

    private final String reason;
    private final String parameter;

    public PasswordRefusedException(String reason, String detail, String parameter) {
        super(detail, null, false, false);
        this.reason = reason;
        this.parameter = parameter;
    }

    public String reason() {
        return reason;
    }

    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }
}
