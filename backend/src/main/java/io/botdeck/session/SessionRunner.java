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

    /**
     * Ends the run of a session and completes once it has stopped; nothing if none runs here.
     * When the run could not finish storing within the stop's wait, completes then with a note
     * for the session saying so (the run goes on storing; its log says when it is done).
     */
    Mono<String> stop(String sessionId);

    /** Whether a run of the session is going on in this process. */
    boolean runs(String sessionId);

    /**
     * Ends what the run of a session that no longer runs anywhere left behind (the server was
     * killed while it ran): marks the trades it left open abandoned, stores the session's results
     * as its stored trades add up, writes the trade export and says so in the session's log.
     * Completes with a note for the session that says what happened.
     */
    Mono<String> endInterrupted(Session session, RunControl control);

    /**
     * Removes what the runs of a deleted session left behind (its log file, its trade export,
     * its live log in memory); the session is not running.
     */
    Mono<Void> discard(String sessionId);
}
