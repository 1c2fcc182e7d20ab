package io.usher.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SsoDomainsTest {

    @ParameterizedTest
    @CsvSource({
        "example.com, example.com",
        "  Example.COM  , example.com",
        "example.com., example.com",
        "sub.corp-1.example.co.uk, sub.corp-1.example.co.uk",
        "bücher.example, xn--bcher-kva.example"
    })
    void domainsAreCanonicalised(String given, String expected) {
        assertEquals(Optional.of(expected), SsoDomains.normalise(given));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "localhost",
                "-bad.example",
                "bad-.example",
                "a..b",
                "has space.example",
                "under_score.example",
                "x@y.example",
                ".",
                "example.com/path"
            })
    void nonDomainsAreRefused(String given) {
        assertEquals(Optional.empty(), SsoDomains.normalise(given));
    }
}
