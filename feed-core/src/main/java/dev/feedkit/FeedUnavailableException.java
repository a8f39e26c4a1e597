package dev.feedkit;

/**
 * Thrown when a page cannot be assembled because the source of truth is down or slow, or the
 * request's deadline passed, and the data was not in cache. The cause is kept. A host maps it to
 * HTTP 503 with {@code Retry-After}.
 */
public final class FeedUnavailableException extends FeedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done
     * @param cause the underlying failure, or {@code null}
     */
    public FeedUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
