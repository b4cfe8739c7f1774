package io.botdeck.error;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells a failure of the database itself (down, frozen, unreachable, out of connections) from a
 * bug: the former is a 503 that the client may retry (REST with {@code Retry-After}, GraphQL
 * {@code UNAVAILABLE}), the latter a 500.
 */
public final class StorageUnavailable {

    /** What clients are told; the cause stays in the server log. */
    public static final String MESSAGE = "the database is not answering; try again in a few seconds";
    /** Seconds a client should wait before it retries. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private StorageUnavailable() {
    }

    /** Whether {@code failure}, or anything that caused it, says the database cannot be reached right now. */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcTransientResourceException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof R2dbcTimeoutException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException || t instanceof QueryTimeoutException
                    || t instanceof TimeoutException || t instanceof ConnectException
                    || t instanceof ClosedChannelException
                    || t.getClass().getName().equals("reactor.pool.PoolAcquireTimeoutException")
                    || t.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
