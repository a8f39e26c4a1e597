package dev.feedkit.bench;

import java.io.OutputStream;

/** An output stream that counts bytes and keeps none, so benchmarks measure the writer, not a buffer. */
public final class Discard extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count += len;
    }

    /** @return bytes written since the last {@link #reset()} */
    public long count() {
        return count;
    }

    /** Forgets the count. */
    public void reset() {
        count = 0;
    }
}
