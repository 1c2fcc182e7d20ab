package io.usher.identity;

/** A person as an invitation sets them up: names, language, and the password they chose. */
public record NewCredential(String email, String firstName, String lastName, String language, String password) {

    @Override
    public String toString() {
        // Never a password in a log line.
        return "NewCredential[" + language + "]";
    }
}
