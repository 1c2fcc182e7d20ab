package io.usher.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Changes made through the people's pages and the console come from Usher's own pages: a POST,
 * PUT, PATCH or DELETE sent from another site is refused (403 problem, a console page in the
 * console). Those pages authenticate by the web tenant's session cookie, which a browser would
 * attach to a form another site makes it send; the cookie is SameSite=Lax already, and this
 * closes the door a second time, also against a sibling site of the same registrable domain.
 * The API ({@code /api/}) is left alone: it reads bearer tokens only, which no other site can
 * make a browser attach.
 */
public class SameOrigin {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || !isPage(request.getUriInfo().getPath())) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        String source = origin != null ? origin : request.getHeaderString("Referer");
        if (source == null) {
            // Browsers send Origin with every request that is not a GET or HEAD, so a request with
            // neither header does not come from a browser, and carries no one else's cookie.
            return;
        }
        // The origin the request was sent to, as the browser saw it: behind a TLS proxy the base
        // URI carries the forwarded scheme and host (quarkus.http.proxy.*), not the pod's own.
        URI self = request.getUriInfo().getBaseUri();
        if (source.equals("null") || !sameOrigin(self, source)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "other-site", ApiMessages::problem_other_site);
        }
    }

    /** Usher's pages for people and its console: everything but the API and Quarkus's own endpoints. */
    static boolean isPage(String path) {
        return !path.startsWith("/api/") && !path.equals("/api") && !path.startsWith("/q/");
    }

    /** Whether an Origin, or a Referer's scheme, host and port, name this origin. */
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
