package dev.feedkit.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw socket to the demo server, for what an HTTP client library will not send: slow headers,
 * a declared body that never comes, oversize headers, malformed request lines.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(URI base) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(15_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code text} as ISO-8859-1 bytes and flushes. */
    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends {@code text} in a background thread, ignoring a reset, for requests the server may cut off. */
    RawHttp sendInBackground(String text) {
        Thread t = new Thread(() -> {
            try {
                send(text);
            } catch (IOException expected) {
                // the server answered and closed before reading it all
            }
        }, "raw-http-sender");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** @return whether the server closed the connection (end of stream or reset) before the socket timeout */
    boolean closedByServer() {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain anything the server sent first
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads one response with a Content-Length body. */
    Response read() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = 0;
        String contentType = null;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Response(status, contentType, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A status, its content type and its body. */
    record Response(int status, String contentType, String body) {
    }
}
