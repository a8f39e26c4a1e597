package dev.feedkit;

/**
 * Thrown when a {@link FeedRequest} cannot be served as asked: a limit out of range, a bad viewer
 * id, or a cursor that is empty, malformed, not canonical, truncated, tampered, foreign, of another
 * format version or signed with an unknown key id, or a mode that is unknown or disagrees with the
 * cursor's.
 *
 * <p>The {@link #code()} is a stable machine-readable word; the message names the value and the
 * bound. A host maps it to HTTP 400 with {@code {"error":{"code":..,"message":..}}}.
 */
public final class InvalidRequestException extends FeedException {
    private static final long serialVersionUID = 1L;

    /** A limit outside 1..100. */
    public static final String INVALID_LIMIT = "invalid_limit";
    /** A viewer id that is not a positive 64-bit number. */
    public static final String INVALID_VIEWER = "invalid_viewer";
    /**
     * A cursor that is empty, malformed, not canonical, truncated, tampered with, of another
     * version or another viewer, or signed with an unknown key id.
     */
    public static final String INVALID_CURSOR = "invalid_cursor";
    /** A seed that is negative or disagrees with the cursor's. */
    public static final String INVALID_SEED = "invalid_seed";
    /** A feed mode that is unknown, or that disagrees with the cursor's. */
    public static final String INVALID_MODE = "invalid_mode";

    private final String code;

    /**
     * Creates the exception.
     *
     * @param code one of the constants of this class
     * @param message a sentence that names the offending value and the rule
     */
    public InvalidRequestException(String code, String message) {
        super(message, null);
        this.code = java.util.Objects.requireNonNull(code, "code");
    }

    /**
     * Returns the stable error code, such as {@value #INVALID_CURSOR}.
     *
     * @return the code
     */
    public String code() {
        return code;
    }
}
