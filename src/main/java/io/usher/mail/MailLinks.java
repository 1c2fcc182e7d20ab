package io.usher.mail;

import io.usher.platform.LinkTokens;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a mail's stored link into the URL the mail carries, at rendering: the token is derived
 * from the stored seed under the link key, so the outbox never holds a link that opens a page.
 */
@ApplicationScoped
public class MailLinks {

    private final LinkTokens tokens;
    private final String baseUrl;

    public MailLinks(LinkTokens tokens, UsherConfig config) {
        this.tokens = tokens;
        this.baseUrl = config.publicBaseUrl();
    }

    /** The URL of a payload's link ({@link MailPayloads#link}), or null when it has none. */
    String url(JsonObject payload) {
        Object link = payload.getValue("link");
        if (link instanceof JsonObject stored) {
            return baseUrl + stored.getString("path") + tokens.token(stored.getString("seed"));
        }
        // Mails queued before links were derived carry their URL as it is.
        return link instanceof String url ? url : null;
    }
}
