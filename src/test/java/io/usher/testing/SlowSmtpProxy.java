package io.usher.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow SMTP server, made of a real one: a TCP proxy on loopback that holds each of the server's
 * replies for a while before passing it on, so every SMTP transaction (MAIL, RCPT, DATA, the
 * message) takes a few of those delays. Bounded: a few connections at a time, daemon threads, all
 * closed by {@link #close()}. Until {@link #forwardTo(int)} names the server, connections are
 * closed at once, as a server that is down would.
 */
public final class SlowSmtpProxy implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 16;

    private final ServerSocket listener;
    private final Duration replyDelay;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int upstreamPort;

    public SlowSmtpProxy(Duration replyDelay) {
        this.replyDelay = replyDelay;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An acceptor, and two pumps a connection.
        threads = Executors.newFixedThreadPool(1 + 2 * MAX_CONNECTIONS, runnable -> {
            Thread thread = new Thread(runnable, "slow-smtp-proxy");
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The real server's port on loopback. */
    public void forwardTo(int port) {
        upstreamPort = port;
    }

    /** Connections passed on to the server so far. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            if (upstreamPort == 0 || open.size() >= 2 * MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                connections.incrementAndGet();
                threads.execute(() -> pump(client, server, Duration.ZERO));
                threads.execute(() -> pump(server, client, replyDelay));
            } catch (IOException | RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies one direction until either side closes, holding each chunk for {@code delay}. */
    private void pump(Socket from, Socket to, Duration delay) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException ignored) {
            // one side went away: the connection ends
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
