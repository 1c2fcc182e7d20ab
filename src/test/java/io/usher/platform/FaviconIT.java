package io.usher.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Browsers ask every site for /favicon.ico: it answers, small and cached, with no sign-in. */
@QuarkusTest
class FaviconIT {

    @Test
    void theFaviconAnswersCachedWithoutSignIn() {
        byte[] icon = given().get("/favicon.ico")
                .then()
                .statusCode(200)
                .header("Cache-Control", containsString("max-age="))
                .extract()
                .asByteArray();
        assertTrue(icon.length > 0 && icon.length < 10_000, "a small icon: " + icon.length);
        assertTrue(icon[0] == 0 && icon[1] == 0 && icon[2] == 1, "an ICO file");
    }
}
