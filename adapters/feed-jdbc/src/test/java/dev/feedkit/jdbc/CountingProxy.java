package dev.feedkit.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * How a round trip is counted, independently of the code under test: a round trip is a client
 * burst that waits for the server. The proxy counts a new client->server burst whenever the client
 * writes after the server has written since the client's previous write. The flag is raised
 * BEFORE the server's bytes are forwarded, so a client that reads a reply and then sends more is
 * always counted again: a split batch (Sync, wait, send the rest) can never hide as one burst.
 * A single flush that the server starts answering mid-way could only be over-counted.
 */

/** A TCP proxy on a loopback port in front of PostgreSQL that counts network round trips. */
final class CountingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final AtomicBoolean serverSpoke = new AtomicBoolean(true);
    private volatile boolean blackHole;
    private final List<Socket> sockets = new ArrayList<>();

    CountingProxy(String host, int port) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = new InetSocketAddress(host, port);
        Thread accept = new Thread(this::acceptLoop, "counting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops (when {@code true}) every byte the server sends, as a dead network would. */
    void blackHole(boolean on) {
        blackHole = on;
    }

    /** Returns the round trips counted since the last call, and starts counting afresh. */
    int takeRoundTrips() {
        return roundTrips.getAndSet(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client.getInputStream(), upstream.getOutputStream(), true);
                pump(upstream.getInputStream(), client.getOutputStream(), false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean clientToServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (clientToServer && serverSpoke.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    } else if (!clientToServer) {
                        serverSpoke.set(true);
                    }
                    if (clientToServer || !blackHole) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // a side closed: the pair ends
            }
        }, "counting-proxy-" + (clientToServer ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
