package io.usher.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code type} and {@code code} are
 * for programs and never change with the language; {@code title}, {@code detail} and the field
 * errors' messages are for people, in the reader's language ({@link ApiLanguage}).
 *
 * @param code the problem's stable machine-readable name, finer than its type (e.g.
 *     {@code status-not-allowed} within {@code conflict})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// Written by Jackson by hand too (FormLimits answers before REST runs).
@RegisterForReflection
public record Problem(URI type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types are URIs under this base; the last segment names the problem. */
    public static final String TYPE_BASE = "https://usher.example/problems/";

    /** A problem said in English, with its type's name as its code. */
    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, type.slug(), List.of());
    }

    /**
     * For a page: the detail, then what is wrong with each field, in one line a person reads. Each
     * field is named by its label in the language of these messages, the one the rest is said in.
     */
    public String readable(ApiMessages labels) {
        if (errors == null || errors.isEmpty()) {
            return detail;
        }
        StringBuilder fields = new StringBuilder();
        for (FieldError error : errors) {
            if (!fields.isEmpty()) {
                fields.append("; ");
            }
            fields.append(FieldLabels.of(labels, error.field())).append(" — ").append(error.message());
        }
        return labels.label_errors(detail, fields.toString());
    }
}
