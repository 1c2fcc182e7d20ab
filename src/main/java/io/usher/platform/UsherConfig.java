package io.usher.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Usher's own settings; each is also an environment variable (README, "Configuration"). */
@ConfigMapping(prefix = "usher")
public interface UsherConfig {

    /** The base URL people reach Usher at; every link in an email starts with it. */
    String publicBaseUrl();

    /** The platform's name as emails and pages show it. */
    @WithDefault("Usher")
    String platformName();
}
