package io.usher.console;

import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Console changes come from the console's own pages: a POST whose Origin is another site is
 * refused. The session cookie is SameSite=Lax already; this closes the door a second time.
 */
public class SameOrigin {

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!"POST".equals(request.getMethod()) || !(path.startsWith("/console/") || path.equals("/switch-person"))) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return; // not sent by a browser, or by one that sends it only across sites
        }
        // The origin the request was sent to, as the browser saw it: behind a TLS proxy the base
        // URI carries the forwarded scheme and host (quarkus.http.proxy.*), not the pod's own.
        URI self = request.getUriInfo().getBaseUri();
        if (origin.equals("null") || !sameOrigin(self, origin)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The request comes from another site");
        }
    }

    private static boolean sameOrigin(URI self, String origin) {
        try {
            URI other = URI.create(origin);
            return other.getScheme() != null
                    && other.getScheme().equalsIgnoreCase(self.getScheme())
                    && other.getHost() != null
                    && other.getHost().equalsIgnoreCase(self.getHost())
                    && port(self) == port(other);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
