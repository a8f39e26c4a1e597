package dev.feedkit.json;

/**
 * A post's viewer-independent JSON in one array: {@code bytes[0, split)} is the head, from
 * {@code {"id":} to {@code "author":}, and {@code bytes[split, length)} the tail, from
 * {@code ,"media":} to the post's closing brace. Immutable once built.
 */
final class PostBytes {
    final byte[] bytes;
    final int split;

    PostBytes(byte[] bytes, int split) {
        this.bytes = bytes;
        this.split = split;
    }
}
