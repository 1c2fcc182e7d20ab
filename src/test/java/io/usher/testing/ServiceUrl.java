package io.usher.testing;

import org.eclipse.microprofile.config.ConfigProvider;

/** Where the service under test listens, for clients other than RestAssured (browsers, java.net.http). */
public final class ServiceUrl {

    private ServiceUrl() {}

    /** {@code http://127.0.0.1:<test port>}, without a trailing slash. */
    public static String base() {
        return "http://127.0.0.1:"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.test-port", Integer.class)
                        .orElse(8081);
    }
}
