package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.Caller;
import io.usher.platform.ProblemType;
import io.usher.platform.RetryLaterException;
import io.usher.platform.UsherConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks a batch's event stream before it opens, without holding a thread. RESTEasy writes an SSE
 * response's headers as soon as its resource method returns, so a refusal must be known by then
 * to be a 404 problem rather than a broken stream; waiting for it on a worker thread made a
 * reconnect storm of thousands of streams queue on the worker pool and time out as 500s. Here it
 * waits on the database's queue like any other read, and the resource method finds the checked
 * batch in the request's routing context.
 *
 * <p>A replica keeps at most {@code max-streams} streams open: past that, a new one is a 503
 * problem with Retry-After, which a client's reconnection (or the load balancer) takes to another
 * replica, instead of a replica running out of memory for all of its streams. And it checks at
 * most {@link #CHECKS_AT_ONCE} opens at a time: when a replica goes away its thousands of clients
 * reconnect within a second, and every open waiting for the database holds a request's whole
 * state; the ones past the bound are told to come back in a few seconds (spread, so that they do
 * not all come back together).
 */
public class BatchStreamAccess {

    /** Marks a resource method that streams the batch of its {@code batchId} path parameter. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Checked {}

    private static final String BATCH = BatchStreamAccess.class.getName() + ".batch";

    /**
     * Opens checked at once: ten per connection of the database pool's default 20. On two shared
     * cores 1,000 made the checks wait 30 s for a connection in a storm of 10,000 opens, where with
     * 200 the rest were told to come back and 9,302 of the 10,000 streams opened and read it all.
     */
    static final int CHECKS_AT_ONCE = 200;

    private final AtomicInteger checking = new AtomicInteger();

    private final BatchAccess access;
    private final BatchEvents events;
    private final Caller caller;
    private final int maxStreams;

    public BatchStreamAccess(BatchAccess access, BatchEvents events, Caller caller, UsherConfig config) {
        this.access = access;
        this.events = events;
        this.caller = caller;
        this.maxStreams = config.invitations().maxStreams();
    }

    @ServerRequestFilter
    @Checked
    public Uni<Response> check(ResourceInfo resource, UriInfo uri, HttpHeaders headers, RoutingContext routing) {
        if (resource.getResourceMethod() == null
                || !resource.getResourceMethod().isAnnotationPresent(Checked.class)) {
            return Uni.createFrom().nullItem();
        }
        if (events.open() >= maxStreams) {
            return Uni.createFrom()
                    .failure(new RetryLaterException(
                            ProblemType.UNAVAILABLE, "streams-full", ApiMessages::problem_streams_full, 5));
        }
        UUID batchId = uuid(uri.getPathParameters().getFirst("batchId"));
        String account = uri.getPathParameters().getFirst("accountId");
        UUID accountId = account == null ? null : uuid(account);
        if (batchId == null || (account != null && accountId == null)) {
            return Uni.createFrom().nullItem(); // the parameter's conversion answers it: a 400 problem
        }
        boolean ended = BatchEvents.seenCompleted(headers.getHeaderString("Last-Event-ID"));
        if (checking.incrementAndGet() > CHECKS_AT_ONCE) {
            checking.decrementAndGet();
            return Uni.createFrom()
                    .failure(new RetryLaterException(
                            ProblemType.UNAVAILABLE,
                            "streams-opening",
                            ApiMessages::problem_streams_opening,
                            1 + ThreadLocalRandom.current().nextInt(5)));
        }
        return access.require(Actor.of(caller), batchId)
                .onTermination()
                .invoke(checking::decrementAndGet)
                .map(batch -> {
                    if (accountId != null && !batch.accountId().equals(accountId)) {
                        throw BatchAccess.notFound();
                    }
                    if (ended) {
                        // The client has read `completed`: 204 is the server-sent events' "stop".
                        return Response.noContent().build();
                    }
                    routing.put(BATCH, batch);
                    return null;
                });
    }

    /** The batch the filter checked for this request. */
    public static BatchView batch(RoutingContext routing) {
        BatchView batch = routing.get(BATCH);
        if (batch == null) {
            throw BatchAccess.notFound(); // not reached: the filter answered or set it
        }
        return batch;
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
