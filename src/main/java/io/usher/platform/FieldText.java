package io.usher.platform;

/** What is wrong with one field, said in the reader's language when the problem is answered. */
public record FieldText(String field, ApiText message) {

    FieldError in(ApiMessages messages) {
        return new FieldError(field, message.in(messages));
    }
}
