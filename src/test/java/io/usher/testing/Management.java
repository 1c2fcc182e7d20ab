package io.usher.testing;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where the service under test serves health, metrics and the OpenAPI document: its management
 * interface ({@code quarkus.management.enabled}), a port of its own that no Ingress routes. Tests
 * run it on {@code quarkus.management.test-port} (Quarkus's default 9001), beside the HTTP test port.
 */
public final class Management {

    private Management() {}

    /** {@code http://127.0.0.1:<management test port><path>}, e.g. {@code url("/q/metrics")}. */
    public static String url(String path) {
        return "http://127.0.0.1:"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.management.test-port", Integer.class)
                        .orElse(9001)
                + path;
    }
}
