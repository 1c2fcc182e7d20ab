package io.usher.mail;

import io.vertx.ext.mail.SMTPException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Whose fault a failed send is. A server that cannot be reached, or says it is closing, fails every
 * mail alike: that must not use up the attempts of each mail in the outbox, or an outage longer
 * than the back-off schedule would give up on mail that was never refused. Anything the server
 * said about one mail is that mail's failure.
 */
enum SmtpFailure {
    /** The server could not be reached or went away: nothing is wrong with the mail. */
    SERVER_UNAVAILABLE,
    /** The server refused this mail, or it could not be built: one attempt is used up. */
    MAIL_REJECTED;

    /** SMTP's "service not available, closing transmission channel". */
    private static final int SERVICE_NOT_AVAILABLE = 421;

    static SmtpFailure of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SMTPException smtp) {
                return smtp.getReplyCode() == SERVICE_NOT_AVAILABLE ? SERVER_UNAVAILABLE : MAIL_REJECTED;
            }
            if (e instanceof IOException
                    || e instanceof TimeoutException
                    || e instanceof io.smallrye.mutiny.TimeoutException) {
                return SERVER_UNAVAILABLE;
            }
            // The mail client reports a connection dropped mid-conversation without an exception type.
            String message = e.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("closed")) {
                return SERVER_UNAVAILABLE;
            }
        }
        return MAIL_REJECTED;
    }
}
