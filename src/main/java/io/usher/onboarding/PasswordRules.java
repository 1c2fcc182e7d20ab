package io.usher.onboarding;

import io.usher.identity.PasswordRefusedException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    static final int MAX_PASSWORD = 256;

    private PasswordRules() {}

    /**
     * What the form itself can tell of a new password before the provider sees it: given, not too
     * long, and typed the same twice where the form asks twice (an empty confirmation when it does not).
     */
    static void check(String password, Optional<String> confirmation, List<FieldProblem> problems) {
        if (password == null || password.isEmpty()) {
            problems.add(new FieldProblem("password", PageMessages::error_required));
        } else if (password.length() > MAX_PASSWORD) {
            problems.add(new FieldProblem("password", m -> m.error_tooLong(String.valueOf(MAX_PASSWORD))));
        } else if (confirmation.isPresent() && !password.equals(confirmation.get())) {
            problems.add(new FieldProblem("passwordConfirmation", PageMessages::error_passwordsDiffer));
        }
    }

    static FieldProblem problem(PasswordRefusedException refusal) {
        BiFunction<PageMessages, String, String> text = TEXTS.get(refusal.reason());
        if (text == null) {
            return new FieldProblem("password", m -> m.password_refused(refusal.getMessage()));
        }
        String figure = refusal.parameter().orElse("");
        return new FieldProblem("password", m -> text.apply(m, figure));
    }
}
