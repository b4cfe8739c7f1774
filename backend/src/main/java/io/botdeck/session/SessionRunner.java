package io.botdeck.session;

import reactor.core.publisher.Mono;

/**
 * Runs sessions: the lifecycle service hands a session over when it starts and takes it back
 * when it is stopped. The run package implements this; the service never knows how a bot runs.
 */
public interface SessionRunner {

    /**
     * Begins running {@code session}. Completes once the run is set up (not when it ends) with
     * the OS process id of the process that runs it.
     *
     * @param control how the run reports back: heartbeats, results, progress, files, events, completion, failure
     */
    Mono<Long> start(Session session, RunControl control);

    /** Ends the run of a session and completes once it has stopped; nothing if none runs here. */
    Mono<Void> stop(String sessionId);

    /**
     * Removes what the runs of a deleted session left behind (its log file, its trade export,
     * its live log in memory); the session is not running.
     */
    Mono<Void> discard(String sessionId);
}
