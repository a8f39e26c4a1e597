package dev.feedkit.json;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A write-through buffer over the host's stream, for one page on one thread at a time, pooled
 * between pages. Arrays that fit are copied into the buffer; one larger than the whole buffer
 * goes to the stream directly. It also carries the page's scratch space for rendering entities,
 * made on the first render and kept with the sink in the pool.
 */
final class Sink {
    private static final int MAX_LONG_DIGITS = 20;

    private final byte[] buf;
    private OutputStream out;
    private int pos;
    private JsonBuffer scratch;

    Sink(int size) {
        this.buf = new byte[size];
    }

    /** Starts a page that goes to {@code out}. */
    Sink open(OutputStream out) {
        this.out = out;
        this.pos = 0;
        return this;
    }

    /** Ends the page: forgets the host's stream, which a pooled sink must not keep, and resets the scratch. */
    void close() {
        out = null;
        pos = 0;
        if (scratch != null) {
            scratch.reset();
        }
    }

    /** @return this page's scratch space for rendering, reset by the renderer */
    JsonBuffer scratch() {
        if (scratch == null) {
            scratch = new JsonBuffer(buf.length);
        }
        return scratch;
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    void write(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    /** Writes the characters of {@code s}, which the caller has checked are all ASCII. */
    void writeAscii(String s) throws IOException {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    /** Writes {@code v} in decimal without allocating. */
    void writeDecimal(long v) throws IOException {
        if (v < 0) {
            writeAscii(Long.toString(v)); // seeds are non-negative; not worth a second digit loop
            return;
        }
        if (buf.length - pos < MAX_LONG_DIGITS) {
            drain();
        }
        int end = pos + digits(v);
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** Hands everything buffered to the stream and flushes it. */
    void finish() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
