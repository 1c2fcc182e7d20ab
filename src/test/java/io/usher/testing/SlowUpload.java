package io.usher.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A bulk invitation sent over a raw socket as a client on a bad link would: the body in chunks, as
 * slowly as the test likes, with the server's answer read whenever it comes — even before the body
 * is done, as a 408 does.
 */
public final class SlowUpload implements AutoCloseable {

    /** What the server answered; status -1 when it closed the connection without an answer. */
    public record Answer(int status, String body) {}

    private final Socket socket;
    private final OutputStream out;

    private SlowUpload(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Starts {@code POST /api/v1/accounts/{account}/invitations?role=EDITOR} with a text/plain body. */
    public static SlowUpload start(String token, String accountId, String idempotencyKey) throws IOException {
        URI base = URI.create(ServiceUrl.base());
        Socket socket = new Socket(base.getHost(), base.getPort());
        SlowUpload upload = new SlowUpload(socket);
        String head = "POST /api/v1/accounts/" + accountId + "/invitations?role=EDITOR HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: text/plain\r\n"
                + (idempotencyKey == null ? "" : "Idempotency-Key: " + idempotencyKey + "\r\n")
                + "Transfer-Encoding: chunked\r\n\r\n";
        upload.out.write(head.getBytes(StandardCharsets.US_ASCII));
        upload.out.flush();
        return upload;
    }

    /** Sends these bytes of the body as one chunk. */
    public void send(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Ends the body. */
    public void finish() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Whether the server has answered (or closed) already, without waiting. */
    public boolean answered() throws IOException {
        return socket.getInputStream().available() > 0;
    }

    /** The server's answer, waiting for it at most {@code within}. */
    public Answer answer(Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        try {
            String status = line(in);
            if (status == null) {
                return new Answer(-1, "");
            }
            int length = 0;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(
                            lower.substring("content-length:".length()).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Answer(Integer.parseInt(status.split(" ")[1]), new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + within, e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
