package io.botdeck.error;

/** The request is well-formed but the current state forbids it (an illegal lifecycle move). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
