package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class SmtpFailureTest {

    @Test
    void anUnreachableOrVanishingServerIsNoMailsFault() {
        assertEquals(SmtpFailure.SERVER_UNAVAILABLE, SmtpFailure.of(new ConnectException("Connection refused")));
        assertEquals(SmtpFailure.SERVER_UNAVAILABLE, SmtpFailure.of(new SocketException("Connection reset")));
        assertEquals(SmtpFailure.SERVER_UNAVAILABLE, SmtpFailure.of(new io.smallrye.mutiny.TimeoutException()));
        assertEquals(
                SmtpFailure.SERVER_UNAVAILABLE,
                SmtpFailure.of(new NoStackTraceThrowable("socket was closed unexpected.")));
        assertEquals(
                SmtpFailure.SERVER_UNAVAILABLE,
                SmtpFailure.of(new SMTPException("421 shutting down", 421, List.of("shutting down"), false)));
        assertEquals(
                SmtpFailure.SERVER_UNAVAILABLE,
                SmtpFailure.of(new CompletionException(new ConnectException("Connection refused"))));
    }

    @Test
    void whatTheServerSaysAboutOneMailIsThatMailsFailure() {
        assertEquals(
                SmtpFailure.MAIL_REJECTED,
                SmtpFailure.of(new SMTPException("550 no such user", 550, List.of("no such user"), false)));
        assertEquals(
                SmtpFailure.MAIL_REJECTED,
                SmtpFailure.of(new SMTPException("452 mailbox full", 452, List.of("mailbox full"), false)));
        assertEquals(SmtpFailure.MAIL_REJECTED, SmtpFailure.of(new IllegalArgumentException("bad address")));
        assertEquals(SmtpFailure.MAIL_REJECTED, SmtpFailure.of(new NoStackTraceThrowable(null)));
    }
}
