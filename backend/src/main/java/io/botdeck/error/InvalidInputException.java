package io.botdeck.error;

import java.util.Map;

/** A request that cannot be carried out as sent; {@code fields} names what is wrong per field. */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fields;

    public InvalidInputException(String message) {
        this(message, Map.of());
    }

    public InvalidInputException(String message, Map<String, String> fields) {
        super(message);
        this.fields = Map.copyOf(fields);
    }

    /** One field is wrong: the message names it. */
    public static InvalidInputException field(String field, String problem) {
        return new InvalidInputException(field + ": " + problem, Map.of(field, problem));
    }

    public Map<String, String> fields() {
        return fields;
    }
}
