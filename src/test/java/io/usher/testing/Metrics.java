package io.usher.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Prometheus reads on /q/metrics, on the management port. */
public final class Metrics {

    private Metrics() {}

    public static String scrape() {
        return given().get(Management.url("/q/metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    public static double value(String metrics, String name) {
        return value(metrics, name, "");
    }

    /** The value of the series whose labels contain {@code labels} (Prometheus's text format), or 0. */
    public static double value(String metrics, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)( # .*)?$")
                .matcher(metrics);
        while (m.find()) {
            if (m.group(1) == null ? labels.isEmpty() : m.group(1).contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
