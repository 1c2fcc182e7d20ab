package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.InjectSmtpServer;
import io.usher.testing.Seeds;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MailDeliveryIT {

    @Inject
    ReactiveMailer mailer;

    @InjectSmtpServer
    GreenMail smtp;

    @Test
    void aMailSentThroughTheReactiveMailerArrivesAtTheSmtpServer() throws Exception {
        String to = Seeds.email("mail");
        mailer.send(Mail.withText(to, "Bienvenue / Welcome", "Hello\nBonjour"))
                .await()
                .atMost(Duration.ofSeconds(20));
        assertTrue(smtp.waitForIncomingEmail(10_000, 1), "the SMTP server received nothing");
        MimeMessage received = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(to);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertEquals("Bienvenue / Welcome", received.getSubject());
        assertEquals("usher@usher.example", received.getFrom()[0].toString());
        assertTrue(GreenMailUtil.getBody(received).contains("Bonjour"));
    }
}
