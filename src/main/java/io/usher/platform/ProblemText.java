package io.usher.platform;

import java.util.List;

/**
 * A problem before it is said: its type, its stable {@code code}, and texts rendered in the
 * reader's language when it is answered (the API's {@code Accept-Language}, a console page's language).
 */
public record ProblemText(ProblemType type, String code, ApiText detail, List<FieldText> errors) {

    public ProblemText {
        errors = List.copyOf(errors);
    }

    public static ProblemText of(ProblemType type, String code, ApiText detail) {
        return new ProblemText(type, code, detail, List.of());
    }

    public Problem in(ApiMessages messages) {
        return new Problem(
                type.uri(),
                type.title(messages),
                type.status(),
                detail.in(messages),
                code,
                errors.stream().map(e -> e.in(messages)).toList());
    }

    public Problem in(String language) {
        return in(ApiLanguage.messages(language));
    }

    /** For a page, in the page's language: see {@link Problem#readable(ApiMessages)}. */
    public String readable(String language) {
        return in(language).readable(ApiLanguage.messages(language));
    }
}
