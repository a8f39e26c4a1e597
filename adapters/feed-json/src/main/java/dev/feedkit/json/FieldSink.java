package dev.feedkit.json;

import java.util.Objects;

/*
 * Why names are restricted: a field is written after the item's memoized bytes, which already
 * hold the contract's keys, so a host field named "id" or written twice would make an object
 * with duplicate names, which JSON parsers read differently. Names are therefore plain ASCII
 * identifiers, not one of the item's own keys and not repeated within an item, and need no
 * escaping; values go through the same escaping as every other string.
 */

/**
 * Receives the per-request fields of one item from an {@link ItemFields}. Not thread-safe; valid
 * only during the {@link ItemFields#write} call it is given to.
 */
public final class FieldSink {
    private static final int MAX_NAME = 64;
    private static final int MAX_FIELDS = 32;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final JsonBuffer out;
    private final String[] names = new String[MAX_FIELDS];
    private int count;

    FieldSink(JsonBuffer out) {
        this.out = out;
    }

    /** Empties the buffer for the next item. */
    void begin() {
        out.reset();
        for (int i = 0; i < count; i++) {
            names[i] = null;
        }
        count = 0;
    }

    /** @return the buffer holding this item's fields, each with its leading comma */
    JsonBuffer buffer() {
        return out;
    }

    /**
     * Writes {@code "name":true} or {@code false}.
     *
     * @param name the field name, see {@link #string}
     * @param value the value
     * @return this sink
     * @throws IllegalArgumentException if the name is not allowed
     */
    public FieldSink bool(String name, boolean value) {
        name(name);
        out.raw(value ? TRUE : FALSE);
        return this;
    }

    /**
     * Writes {@code "name":value} as a JSON number.
     *
     * @param name the field name, see {@link #string}
     * @param value the value
     * @return this sink
     * @throws IllegalArgumentException if the name is not allowed
     */
    public FieldSink number(String name, long value) {
        name(name);
        out.decimal(value);
        return this;
    }

    /**
     * Writes {@code "name":"value"}, escaped as every string of the format is, or
     * {@code "name":null} for a null value.
     *
     * @param name 1 to 64 ASCII letters, digits and underscores; not one of the item's own keys
     *     ({@code id created_at text author media tags stats extra}) and not used before for this item
     * @param value the value, any Unicode, or {@code null}
     * @return this sink
     * @throws IllegalArgumentException if the name is not allowed
     */
    public FieldSink string(String name, String value) {
        name(name);
        if (value == null) {
            out.raw(NULL);
        } else {
            out.string(value);
        }
        return this;
    }

    private void name(String name) {
        Objects.requireNonNull(name, "name");
        check(name);
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                throw new IllegalArgumentException("field \"" + name + "\" was already written for this item");
            }
        }
        if (count == MAX_FIELDS) {
            throw new IllegalArgumentException("an item takes at most " + MAX_FIELDS + " per-request fields");
        }
        names[count++] = name;
        out.raw(',');
        out.raw('"');
        out.ascii(name);
        out.raw('"');
        out.raw(':');
    }

    private static void check(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("field name must have 1 to " + MAX_NAME + " chars, was \"" + name + "\"");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                throw new IllegalArgumentException("field name must be ASCII letters, digits and '_', was \""
                        + name + "\"");
            }
        }
        switch (name) {
            case "id": case "created_at": case "text": case "author": case "media": case "tags": case "stats":
            case "extra":
                throw new IllegalArgumentException("field name \"" + name + "\" is one of the item's own keys");
            default:
        }
    }
}
