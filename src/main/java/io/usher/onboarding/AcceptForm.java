package io.usher.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a person sends to accept a set-password invitation. The API's JSON body has no
 * confirmation (the client checks it); the page's form has one, and it must match.
 */
public record AcceptForm(
        String firstName,
        String lastName,
        String password,
        String passwordConfirmation,
        String phone,
        String language,
        Boolean acceptTerms) {

    /** Every problem of the form at once, so the page shows each next to its field. */
    public List<FieldProblem> problems(boolean confirmationRequired) {
        List<FieldProblem> problems = new ArrayList<>();
        name("firstName", firstName, problems);
        name("lastName", lastName, problems);
        PasswordRules.check(
                password,
                confirmationRequired ? Optional.of(Objects.toString(passwordConfirmation, "")) : Optional.empty(),
                problems);
        if (phone != null && !phone.isBlank() && !Names.isPhone(phone.strip())) {
            problems.add(new FieldProblem("phone", PageMessages::error_phone));
        }
        if (language == null || !(language.equals("en") || language.equals("fr"))) {
            problems.add(new FieldProblem("language", PageMessages::error_language));
        }
        if (!Boolean.TRUE.equals(acceptTerms)) {
            problems.add(new FieldProblem("acceptTerms", PageMessages::error_terms));
        }
        return problems;
    }

    private static void name(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, PageMessages::error_required));
        } else if (value.strip().length() > Names.MAX_NAME) {
            problems.add(new FieldProblem(field, m -> m.error_tooLong(String.valueOf(Names.MAX_NAME))));
        } else if (!Names.isPlainLine(value)) {
            problems.add(new FieldProblem(field, PageMessages::error_plainLine));
        }
    }

    String phoneOrNull() {
        return phone == null || phone.isBlank() ? null : phone.strip();
    }
}
