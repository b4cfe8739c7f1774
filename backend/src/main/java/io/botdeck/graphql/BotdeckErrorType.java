package io.botdeck.graphql;

import graphql.ErrorClassification;

/**
 * Error classifications of Botdeck's own, next to Spring's {@code BAD_REQUEST},
 * {@code NOT_FOUND} and {@code INTERNAL_ERROR}; clients find them in
 * {@code errors[].extensions.classification}.
 */
public enum BotdeckErrorType implements ErrorClassification {

    /** The request is well-formed but the session's state forbids it (an illegal lifecycle move). */
    CONFLICT,

    /** A WebSocket connection already runs as many subscriptions as it may. */
    TOO_MANY_SUBSCRIPTIONS,

    /** The database is not answering (down, frozen or out of connections); retry after {@code extensions.retryAfterSeconds}. */
    UNAVAILABLE,

    /**
     * A list took longer to read than the database may spend on one list statement and was
     * stopped; retry after {@code extensions.retryAfterSeconds}, or narrow the filter.
     */
    TOO_SLOW
}
