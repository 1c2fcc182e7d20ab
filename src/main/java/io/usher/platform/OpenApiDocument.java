package io.usher.platform;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * What the OpenAPI document can only know where it runs, filled in at start: the server clients
 * call ({@code usher.public-base-url}) and the identity provider's discovery document
 * ({@code quarkus.oidc.auth-server-url}); both were the local stack's, fixed when the image was
 * built. And the public operations say {@code security: []}: without it a generated client, or a
 * linter, cannot tell "no credentials needed" from "forgot to say".
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Config config = ConfigProvider.getConfig();
        config.getOptionalValue("usher.public-base-url", String.class)
                .ifPresent(url -> openAPI.setServers(
                        List.of(OASFactory.createServer().url(url).description("This deployment of Usher"))));
        config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).ifPresent(issuer -> {
            if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null) {
                openAPI.getComponents()
                        .getSecuritySchemes()
                        .values()
                        .forEach(scheme -> scheme.setOpenIdConnectUrl(
                                issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration"));
            }
        });
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths()
                    .getPathItems()
                    .values()
                    .forEach(item -> item.getOperations().values().forEach(operation -> {
                        if (operation.getSecurity() == null) {
                            operation.setSecurity(new ArrayList<>());
                        }
                    }));
        }
    }
}
