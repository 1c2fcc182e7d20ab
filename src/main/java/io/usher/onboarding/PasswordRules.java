package io.usher.onboarding;

import io.usher.identity.PasswordRefusedException;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The identity provider's password rules as people read them: its refusal reasons mapped to the
 * pages' texts (in the person's language), any other reason shown in the provider's own words.
 */
final class PasswordRules {

    private static final Map<String, BiFunction<PageMessages, String, String>> TEXTS = Map.ofEntries(
            Map.entry("invalidPasswordMinLengthMessage", PageMessages::password_minLength),
            Map.entry("invalidPasswordMaxLengthMessage", PageMessages::password_maxLength),
            Map.entry("invalidPasswordMinDigitsMessage", PageMessages::password_minDigits),
            Map.entry("invalidPasswordMinLowerCaseCharsMessage", PageMessages::password_minLowerCase),
            Map.entry("invalidPasswordMinUpperCaseCharsMessage", PageMessages::password_minUpperCase),
            Map.entry("invalidPasswordMinSpecialCharsMessage", PageMessages::password_minSpecial),
            Map.entry("invalidPasswordNotUsernameMessage", (m, figure) -> m.password_notUsername()),
            Map.entry("invalidPasswordNotEmailMessage", (m, figure) -> m.password_notEmail()),
            Map.entry("invalidPasswordNotContainsUsernameMessage", (m, figure) -> m.password_notUsername()),
            Map.entry("invalidPasswordHistoryMessage", (m, figure) -> m.password_history()),
            Map.entry("invalidPasswordBlacklistedMessage", (m, figure) -> m.password_blacklisted()),
            Map.entry("invalidPasswordRegexPatternMessage", (m, figure) -> m.password_pattern()));

    private PasswordRules() {}

    static FieldProblem problem(PasswordRefusedException refusal) {
        BiFunction<PageMessages, String, String> text = TEXTS.get(refusal.reason());
        if (text == null) {
            return new FieldProblem("password", m -> m.password_refused(refusal.getMessage()));
        }
        String figure = refusal.parameter().orElse("");
        return new FieldProblem("password", m -> text.apply(m, figure));
    }
}
