package io.usher.onboarding;

/**
 * A form field's problem, as a message key of the pages' texts (shown in the person's language)
 * and the figure it names, if any. The API answers the English text.
 */
public record FieldProblem(String field, String key, String parameter) {

    static FieldProblem of(String field, String key) {
        return new FieldProblem(field, key, null);
    }
}
