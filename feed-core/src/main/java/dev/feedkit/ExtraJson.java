package dev.feedkit;

/*
 * Why a hand-written checker: a host field is JSON text that a store delivers and that a writer
 * copies into its output as it is, so "valid JSON" must be known before it is cached, and core
 * depends on no JSON library (docs/CONTRACT.md, Host fields). The check is one pass over the
 * chars of RFC 8259's grammar with an explicit stack of at most MAX_DEPTH levels (a bit per level:
 * object or array), so hostile nesting cannot overflow the thread's stack, and it counts the UTF-8
 * bytes as it goes, so the size bound costs nothing more. It allocates nothing but the exception
 * of a rejected value. Unpaired surrogates are rejected: the text could not be written as UTF-8.
 * Escaped ones (a lone \uD800) are valid JSON and kept as they are: they are ASCII on the wire.
 */

/**
 * Checks host fields ({@link Post#extra()}, {@link Author#extra()}): JSON text that must be one
 * JSON object of bounded size. Stateless.
 */
public final class ExtraJson {
    /** The deepest nesting of objects and arrays accepted, the outer object included. */
    public static final int MAX_DEPTH = 64;

    private ExtraJson() {
    }

    /**
     * Checks that {@code json} is one JSON object (RFC 8259; whitespace around it allowed) whose
     * UTF-8 encoding takes at most {@code maxBytes} bytes.
     *
     * @param json the text
     * @param maxBytes the bound in UTF-8 bytes
     * @throws IllegalArgumentException naming what is wrong and where (a char index), or the size
     *     and the bound
     * @throws NullPointerException if {@code json} is null
     */
    public static void check(String json, int maxBytes) {
        if (json.length() > maxBytes) {
            throw tooLarge("at least " + json.length(), maxBytes);
        }
        int bytes = new Checker(json).run();
        if (bytes > maxBytes) {
            throw tooLarge(Integer.toString(bytes), maxBytes);
        }
    }

    private static IllegalArgumentException tooLarge(String size, int maxBytes) {
        return new IllegalArgumentException("extra is " + size + " UTF-8 bytes, more than maxExtraBytes ("
                + maxBytes + "); set FeedAssembler.Builder.maxExtraBytes(..) or store a smaller value");
    }

    /** One pass over one text. */
    private static final class Checker {
        private final String s;
        private int i;
        private int bytes;
        private long containers; // bit d: 1 = the container at depth d is an object
        private int depth;

        Checker(String s) {
            this.s = s;
        }

        /** @return the UTF-8 length of the text */
        int run() {
            skipSpace();
            if (peek() != '{') {
                throw error("extra must be a JSON object, starts with " + describe(peek()));
            }
            value();
            while (depth > 0) {
                afterValue();
            }
            skipSpace();
            if (i < s.length()) {
                throw error("extra has text after its object: " + describe(peek()));
            }
            return bytes;
        }

        /** Reads one value; an object or array is only opened (its members follow in afterValue). */
        private void value() {
            skipSpace();
            char c = peek();
            switch (c) {
                case '{': open(true); return;
                case '[': open(false); return;
                case '"': string(); return;
                case 't': literal("true"); return;
                case 'f': literal("false"); return;
                case 'n': literal("null"); return;
                default:
                    if (c == '-' || c >= '0' && c <= '9') {
                        number();
                        return;
                    }
                    throw error("expected a JSON value, found " + describe(c));
            }
        }

        private void open(boolean object) {
            if (depth == MAX_DEPTH) {
                throw error("extra nests deeper than " + MAX_DEPTH + " levels");
            }
            i++;
            bytes++;
            containers = object ? containers | 1L << depth : containers & ~(1L << depth);
            depth++;
            skipSpace();
            char close = object ? '}' : ']';
            if (peek() == close) {
                i++;
                bytes++;
                depth--;
                return;
            }
            member(object);
        }

        /** Reads the next member of the innermost open container, or closes it. */
        private void afterValue() {
            skipSpace();
            boolean object = (containers >>> (depth - 1) & 1) != 0;
            char c = peek();
            if (c == ',') {
                i++;
                bytes++;
                skipSpace();
                member(object);
                return;
            }
            if (c == (object ? '}' : ']')) {
                i++;
                bytes++;
                depth--;
                return;
            }
            throw error("expected ',' or '" + (object ? '}' : ']') + "', found " + describe(c));
        }

        private void member(boolean object) {
            if (object) {
                if (peek() != '"') {
                    throw error("expected a member name, found " + describe(peek()));
                }
                string();
                skipSpace();
                if (peek() != ':') {
                    throw error("expected ':', found " + describe(peek()));
                }
                i++;
                bytes++;
            }
            value();
        }

        private void string() {
            i++; // the opening quote
            bytes++;
            while (true) {
                if (i >= s.length()) {
                    throw error("string is not closed");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    bytes++;
                    return;
                }
                if (c == '\\') {
                    escape();
                } else if (c < 0x20) {
                    i--;
                    throw error("control character " + describe(c) + " in a string must be escaped");
                } else {
                    bytes += utf8(c);
                }
            }
        }

        private void escape() {
            char e = i < s.length() ? s.charAt(i++) : 0;
            switch (e) {
                case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                    bytes += 2;
                    return;
                case 'u':
                    for (int k = 0; k < 4; k++) {
                        if (i >= s.length() || Character.digit(s.charAt(i), 16) < 0) {
                            throw error("\\u needs four hex digits");
                        }
                        i++;
                    }
                    bytes += 6;
                    return;
                default:
                    i--;
                    throw error("invalid escape \\" + describe(e));
            }
        }

        /** @return the UTF-8 length of {@code c}, taking its low surrogate along (i past it) */
        private int utf8(char c) {
            if (c < 0x80) {
                return 1;
            }
            if (c < 0x800) {
                return 2;
            }
            if (!Character.isSurrogate(c)) {
                return 3;
            }
            if (Character.isHighSurrogate(c) && i < s.length() && Character.isLowSurrogate(s.charAt(i))) {
                i++;
                return 4;
            }
            i--;
            throw error("unpaired surrogate " + describe(c));
        }

        private void number() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            if (peek() == '0') {
                i++;
            } else if (!digits()) {
                throw error("invalid number");
            }
            if (peek() == '.') {
                i++;
                if (!digits()) {
                    throw error("invalid number: digits must follow '.'");
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                i++;
                if (peek() == '+' || peek() == '-') {
                    i++;
                }
                if (!digits()) {
                    throw error("invalid number: digits must follow the exponent");
                }
            }
            bytes += i - start;
        }

        private boolean digits() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            return i > start;
        }

        private void literal(String word) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            bytes += word.length();
        }

        private void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                i++;
                bytes++;
            }
        }

        /** @return the char at the position, or 0 at the end (0 never starts a JSON token) */
        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at char " + i + " of " + s.length());
        }

        private static String describe(char c) {
            if (c == 0) {
                return "the end";
            }
            return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
    }
}
