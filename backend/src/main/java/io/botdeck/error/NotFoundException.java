package io.botdeck.error;

/** The thing a request names does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException session(String id) {
        return new NotFoundException("session '" + id + "' not found");
    }
}
