package io.usher.mail;

import io.vertx.core.json.JsonObject;

/** The template data of each kind of mail, as the outbox stores it (MailContent reads it back). */
public final class MailPayloads {

    static final String TRACEPARENT = "traceparent";

    private MailPayloads() {}

    /** The link of a mail: the page's path and the seed its token is derived from when rendered. */
    public static JsonObject link(String path, String seed) {
        return new JsonObject().put("path", path).put("seed", seed);
    }

    public static JsonObject invitation(
            JsonObject link, String accountName, String inviter, int expiryDays, String identityProvider) {
        return new JsonObject()
                .put("link", link)
                .put("accountName", accountName)
                .put("inviter", inviter)
                .put("expiryDays", expiryDays)
                .put("identityProvider", identityProvider);
    }

    public static JsonObject passwordReset(JsonObject link, String accountName, String requestedBy, long expiryHours) {
        return new JsonObject()
                .put("link", link)
                .put("accountName", accountName)
                .put("inviter", requestedBy)
                .put("expiryHours", expiryHours);
    }

    /** The payload with the trace of the work that queued it, which the relay's span links to. */
    public static JsonObject traced(JsonObject payload, String traceparent) {
        return traceparent == null ? payload : payload.put(TRACEPARENT, traceparent);
    }
}
