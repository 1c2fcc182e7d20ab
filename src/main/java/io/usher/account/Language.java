package io.usher.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** The languages Usher speaks. */
public enum Language {
    en,
    fr;

    @JsonValue
    public String code() {
        return name();
    }
}
