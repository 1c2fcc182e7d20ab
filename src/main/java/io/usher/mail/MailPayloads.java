package io.usher.mail;

import io.vertx.core.json.JsonObject;

/** The template data of each kind of mail, as the outbox stores it (MailContent reads it back). */
public final class MailPayloads {

    private MailPayloads() {}

    public static JsonObject invitation(
            String link, String accountName, String inviter, int expiryDays, String identityProvider) {
        return new JsonObject()
                .put("link", link)
                .put("accountName", accountName)
                .put("inviter", inviter)
                .put("expiryDays", expiryDays)
                .put("identityProvider", identityProvider);
    }

    public static JsonObject passwordReset(String link, String accountName, String requestedBy, long expiryHours) {
        return new JsonObject()
                .put("link", link)
                .put("accountName", accountName)
                .put("inviter", requestedBy)
                .put("expiryHours", expiryHours);
    }
}
