package io.usher.onboarding;

import java.util.function.Function;

/**
 * A form field's problem as a text of the pages, said in the person's language; the API answers
 * it in English.
 */
public record FieldProblem(String field, Function<PageMessages, String> text) {

    /** The problem's text in the language of these messages. */
    String in(PageMessages messages) {
        return text.apply(messages);
    }
}
