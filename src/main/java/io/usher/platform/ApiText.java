package io.usher.platform;

/** A text of the API, said in the reader's language when it is read. */
@FunctionalInterface
public interface ApiText {

    String in(ApiMessages messages);

    /** A text that is the same in every language: a value the reader sent, or a machine name. */
    static ApiText verbatim(String text) {
        return messages -> text;
    }
}
