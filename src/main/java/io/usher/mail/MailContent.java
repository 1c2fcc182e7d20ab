package io.usher.mail;

import io.vertx.core.json.JsonObject;

/** What a template needs: the platform, the link, and the facts of the mail's cause. */
public record MailContent(
        String platform,
        String recipient,
        String link,
        String accountName,
        String inviter,
        int expiryDays,
        long expiryHours) {

    static MailContent of(String platform, String recipient, JsonObject payload, String link) {
        return new MailContent(
                platform,
                recipient,
                link,
                payload.getString("accountName"),
                payload.getString("inviter"),
                payload.getInteger("expiryDays", 0),
                payload.getLong("expiryHours", 0L));
    }
}
