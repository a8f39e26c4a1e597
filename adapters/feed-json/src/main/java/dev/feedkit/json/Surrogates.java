package dev.feedkit.json;

/**
 * Replaces unpaired UTF-16 surrogates, which have no UTF-8 encoding, by U+FFFD: the rule of docs/CONTRACT.md (JSON shape) for
 * text that cannot be written as it is. {@link JsonBuffer} applies it while escaping, without a
 * copy; this is the same rule on whole strings.
 */
final class Surrogates {
    /** What an unpaired surrogate becomes: U+FFFD, the replacement character. */
    static final char REPLACEMENT = '\uFFFD';

    private Surrogates() {
    }

    /**
     * Returns {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself, without
     * copying, when it holds no surrogate at all, which is the common case.
     *
     * @param s any string
     * @return well-formed UTF-16 text
     */
    static String replaceUnpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return replaceFrom(s, i);
            }
        }
        return s;
    }

    private static String replaceFrom(String s, int first) {
        StringBuilder out = new StringBuilder(s.length()).append(s, 0, first);
        int i = first;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
                i++;
            }
        }
        return out.toString();
    }
}
