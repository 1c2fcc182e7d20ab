package io.usher.testing;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the test SMTP server received, read as a person's mail client would. */
public final class Mailbox {

    private static final Pattern LINK =
            Pattern.compile("https?://[^\\s\"<>]+/(invitations|password-reset)/([A-Za-z0-9_-]{43})");

    private Mailbox() {}

    public static List<MimeMessage> to(GreenMail smtp, String email) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getRecipients(Message.RecipientType.TO)[0]
                                .toString()
                                .equals(email);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    /** The mails to this address once there are at least {@code count}; fails after {@code within}. */
    public static List<MimeMessage> await(GreenMail smtp, String email, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<MimeMessage> found = to(smtp, email);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        count + " mail(s) to " + email + " expected within " + within + ", got " + found.size());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The plain-text part, decoded. */
    public static String textOf(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text;
            }
            String text = textPart((Multipart) content);
            if (text == null) {
                throw new AssertionError("no text part");
            }
            return text;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String textPart(Multipart parts) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart nested) {
                String found = textPart(nested);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The link the mail holds (an invitation's or a password reset's), whole. */
    public static String linkIn(MimeMessage message) {
        Matcher link = LINK.matcher(textOf(message));
        if (!link.find()) {
            throw new AssertionError("no link in " + textOf(message));
        }
        return link.group();
    }

    /** The token at the end of a link. */
    public static String tokenOf(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    /**
     * Marks an account's pending mails sent: a test's mails that are not what it checks, which left
     * pending would keep the relay and this SMTP server busy while the tests after it run.
     */
    public static void setAside(Pool pool, String accountId) {
        // Mails the relay holds at this moment are skipped, not awaited: it is sending them, and
        // waiting on its locks (its lanes' counters included) could outlast the statement's time.
        pool.preparedQuery("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), claim_token = NULL"
                        + " WHERE id IN (SELECT id FROM mail_outbox WHERE account_id = $1::uuid"
                        + " AND status = 'PENDING' FOR UPDATE SKIP LOCKED)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(accountId))
                .await()
                .atMost(java.time.Duration.ofSeconds(60));
    }
}
