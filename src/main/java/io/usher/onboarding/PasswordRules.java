package io.usher.onboarding;

import io.usher.identity.PasswordRefusedException;
import java.util.Map;

/**
 * The identity provider's password rules as people read them: its refusal reasons mapped to the
 * pages' texts (in the person's language), any other reason shown in the provider's own words.
 */
final class PasswordRules {

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("invalidPasswordMinLengthMessage", "password.minLength"),
            Map.entry("invalidPasswordMaxLengthMessage", "password.maxLength"),
            Map.entry("invalidPasswordMinDigitsMessage", "password.minDigits"),
            Map.entry("invalidPasswordMinLowerCaseCharsMessage", "password.minLowerCase"),
            Map.entry("invalidPasswordMinUpperCaseCharsMessage", "password.minUpperCase"),
            Map.entry("invalidPasswordMinSpecialCharsMessage", "password.minSpecial"),
            Map.entry("invalidPasswordNotUsernameMessage", "password.notUsername"),
            Map.entry("invalidPasswordNotEmailMessage", "password.notEmail"),
            Map.entry("invalidPasswordNotContainsUsernameMessage", "password.notUsername"),
            Map.entry("invalidPasswordHistoryMessage", "password.history"),
            Map.entry("invalidPasswordBlacklistedMessage", "password.blacklisted"),
            Map.entry("invalidPasswordRegexPatternMessage", "password.pattern"));

    private PasswordRules() {}

    static FieldProblem problem(PasswordRefusedException refusal) {
        String key = KEYS.get(refusal.reason());
        if (key == null) {
            return new FieldProblem("password", "password.refused", refusal.getMessage());
        }
        return new FieldProblem("password", key, refusal.parameter().orElse(""));
    }
}
