package io.botdeck.run;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The one fair queue of every backtest in the server: at most {@code botdeck.backtest.slots}
 * (by default one per core) replay at once; owners take turns (see {@link FairQueue}). A sweep is
 * one owner; each single backtest is its own.
 */
@Component
public class BacktestSlots {

    private final FairQueue queue;
    private final Sinks.Many<String> sweepGrants = Sinks.many().multicast().directBestEffort();

    private static final String SWEEP = "sweep:";

    BacktestSlots(@Value("${botdeck.backtest.slots:0}") int slots) {
        this.queue = new FairQueue(slots > 0 ? slots : Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** How many backtests may replay at once. */
    public int slots() {
        return queue.slots();
    }

    /** Backtests replaying now. */
    public int busy() {
        return queue.busy();
    }

    /** Backtests waiting for a slot. */
    public int waiting() {
        return queue.waiting();
    }

    /** Cells of the sweep waiting for a slot. */
    public int waitingOf(String sweepId) {
        return queue.waiting(ownerOf(null, sweepId));
    }

    /**
     * Ids of sweeps whose cell just got a slot (a place in the queue freed for their next cell).
     * Best effort: a grant while another is being told may go untold.
     */
    public Flux<String> sweepGrants() {
        return sweepGrants.asFlux();
    }

    /** The owner of a backtest in the queue: its sweep, or the session itself. */
    static String ownerOf(String sessionId, String sweepId) {
        return sweepId != null ? SWEEP + sweepId : "session:" + sessionId;
    }

    /** Asks for a slot for {@code owner}. */
    Slot take(String owner) {
        Sinks.One<Void> turn = Sinks.one();
        FairQueue.Ticket ticket = queue.enqueue(owner, () -> {
            turn.tryEmitEmpty();
            if (owner.startsWith(SWEEP)) {
                sweepGrants.tryEmitNext(owner.substring(SWEEP.length()));
            }
        });
        return new Slot(ticket, turn);
    }

    /** A place in the queue: {@link #turn()} completes when it holds a slot or leaves the queue. */
    static final class Slot {
        private final FairQueue.Ticket ticket;
        private final Sinks.One<Void> turn;

        private Slot(FairQueue.Ticket ticket, Sinks.One<Void> turn) {
            this.ticket = ticket;
            this.turn = turn;
        }

        Mono<Void> turn() {
            return turn.asMono();
        }

        boolean holding() {
            return ticket.holding();
        }

        int ahead() {
            return ticket.ahead();
        }

        /** Frees the slot or leaves the queue (the waiter's turn then completes); again does nothing. */
        void release() {
            ticket.release();
            turn.tryEmitEmpty();
        }
    }
}
