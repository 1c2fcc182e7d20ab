package io.usher.console;

import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
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
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (host == null || origin.equals("null") || !host.equalsIgnoreCase(authority(origin))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "The request comes from another site");
        }
    }

    private static String authority(String origin) {
        try {
            return URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
