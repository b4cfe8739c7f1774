package io.botdeck.session;

import reactor.core.publisher.Mono;

/**
 * Runs sessions: the lifecycle service hands a session over when it starts and takes it back
 * when it is stopped. The engine implements this; the service never knows how a bot runs.
 */
public interface SessionRunner {

    /**
     * Begins running {@code session}. Completes once the run is set up (not when it ends) with
     * the OS process id of the process that runs it.
     *
     * @param control how the run reports back: heartbeats, completion, failure
     */
    Mono<Long> start(Session session, RunControl control);

    /** Ends the run of a session and completes once it has stopped; nothing if none runs here. */
    Mono<Void> stop(String sessionId);

    /**
     * Removes what the runs of a deleted session left behind (its log file, its trade export,
     * its live log in memory); the session is not running.
     */
    Mono<Void> discard(String sessionId);

    /** The run's line back to the lifecycle service, bound to one session. */
    interface RunControl {

        /** The run is alive: refreshes {@code last_updated}. */
        Mono<Void> heartbeat();

        /** The run reached its natural end (a backtest that replayed its whole range). */
        Mono<Void> completed();

        /** The run died; {@code message} is kept on the session and in its events. */
        Mono<Void> failed(String message);
    }
}
