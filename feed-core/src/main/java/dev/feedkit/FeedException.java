package dev.feedkit;

/**
 * The base of feedkit's few unchecked exceptions.
 *
 * <p>Hosts usually catch one of the two subtypes: {@link InvalidRequestException} (the caller's
 * fault, HTTP 400) and {@link FeedUnavailableException} (a dependency's fault, HTTP 503).
 */
public abstract class FeedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
