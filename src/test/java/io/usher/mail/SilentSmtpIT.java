package io.usher.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that takes the connection and never says a word holds the relay no longer than
 * its send time-out: the mail keeps its attempt and the relay pauses, as for a server that is away.
 */
@QuarkusTest
@TestProfile(SilentSmtpIT.SilentServer.class)
class SilentSmtpIT extends PlatformAdminTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

    /** Accepts every connection and keeps it open without a byte: no greeting, ever. */
    public static class SilentServer implements QuarkusTestProfile {

        private static final List<Socket> HELD = new ArrayList<>();
        private static ServerSocket server;

        static synchronized int port() {
            if (server == null) {
                try {
                    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Thread acceptor = new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                try {
                                    Socket socket = server.accept();
                                    synchronized (HELD) {
                                        HELD.add(socket);
                                    }
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        },
                        "silent-smtp");
                acceptor.setDaemon(true);
                acceptor.start();
            }
            return server.getLocalPort();
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.mailer.port", Integer.toString(port()),
                    "usher.mail.send-timeout", SEND_TIMEOUT.toString());
        }
    }

    @Test
    void aServerThatNeverAnswersHoldsTheRelayNoLongerThanTheSendTimeout() throws InterruptedException {
        String accountId = Accounts.create(Seeds.name("Silent"), 1, 5);
        String email = "silent." + Seeds.name("").replaceAll("\\W", "").toLowerCase() + "@example.com";
        Batches.awaitCompleted(admin, Batches.postLines(admin, accountId, email, "EDITOR"), Duration.ofSeconds(30));
        long queued = System.nanoTime();

        while (Metrics.value(Metrics.scrape(), "usher_mail_relay_paused") < 1
                && System.nanoTime() - queued < Duration.ofSeconds(20).toNanos()) {
            Thread.sleep(100);
        }
        Duration held = Duration.ofNanos(System.nanoTime() - queued);
        assertEquals(1, Metrics.value(Metrics.scrape(), "usher_mail_relay_paused"), 0.0, "the relay pauses");
        assertTrue(
                held.compareTo(SEND_TIMEOUT.plusSeconds(4)) < 0,
                "the relay gave up on the silent server after " + held.toMillis() + " ms");
        assertEquals(
                "PENDING/0",
                Sql.text(
                        pool,
                        "SELECT status || '/' || attempts FROM mail_outbox WHERE account_id = $1::uuid",
                        accountId),
                "the mail waits, its attempt given back: a silent server is no mail's fault");
    }
}
