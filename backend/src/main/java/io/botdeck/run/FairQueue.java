package io.botdeck.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * At most {@code slots} holders at once, handed out fairly between owners: when a slot frees, it
 * goes to the waiting owner that holds the fewest slots, and among those to the one served longest
 * ago (an owner never served comes first, then by arrival). So a sweep (one owner, many tickets)
 * and single backtests (one owner each) take turns, and a single backtest started while a large
 * sweep holds every slot gets the next one that frees. Thread-safe; the grant callbacks run outside
 * its lock, on the thread that freed the slot (or asked, when one was free).
 */
final class FairQueue {

    /** One request for a slot: waiting, then holding, then released (at most once). */
    final class Ticket {
        private final String owner;
        private final long seq;
        private final Runnable onGrant;
        private boolean holding;
        private boolean released;

        private Ticket(String owner, long seq, Runnable onGrant) {
            this.owner = owner;
            this.seq = seq;
            this.onGrant = onGrant;
        }

        String owner() {
            return owner;
        }

        boolean holding() {
            synchronized (FairQueue.this) {
                return holding;
            }
        }

        /** Frees the slot it holds (the next ticket gets it) or leaves the queue; again does nothing. */
        void release() {
            FairQueue.this.release(this);
        }

        /** Tickets that the queue, as it stands, hands a slot before this one (0 when it holds one). */
        int ahead() {
            return FairQueue.this.ahead(this);
        }
    }

    /** What the queue keeps of an owner while it waits or holds. */
    private static final class Owner {
        final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
        int holding;
        long lastServed = -1;
    }

    private final int slots;
    private final Map<String, Owner> owners = new HashMap<>();
    private int busy;
    private long seq;
    private long turn;

    FairQueue(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, not " + slots);
        }
        this.slots = slots;
    }

    int slots() {
        return slots;
    }

    synchronized int busy() {
        return busy;
    }

    synchronized int waiting() {
        return owners.values().stream().mapToInt(o -> o.waiting.size()).sum();
    }

    /** Tickets of {@code owner} waiting for a slot. */
    synchronized int waiting(String owner) {
        Owner o = owners.get(owner);
        return o == null ? 0 : o.waiting.size();
    }

    /** Queues a ticket of {@code owner}; {@code onGrant} runs once, when it gets a slot (at once if one is free). */
    Ticket enqueue(String owner, Runnable onGrant) {
        Ticket ticket;
        List<Ticket> granted;
        synchronized (this) {
            ticket = new Ticket(owner, seq++, onGrant);
            owners.computeIfAbsent(owner, o -> new Owner()).waiting.add(ticket);
            granted = grantFree();
        }
        granted.forEach(t -> t.onGrant.run());
        return ticket;
    }

    private void release(Ticket ticket) {
        List<Ticket> granted;
        synchronized (this) {
            if (ticket.released) {
                return;
            }
            ticket.released = true;
            Owner owner = owners.get(ticket.owner);
            if (ticket.holding) {
                ticket.holding = false;
                busy--;
                owner.holding--;
            } else if (owner != null) {
                owner.waiting.remove(ticket);
            }
            if (owner != null && owner.holding == 0 && owner.waiting.isEmpty()) {
                owners.remove(ticket.owner);
            }
            granted = grantFree();
        }
        granted.forEach(t -> t.onGrant.run());
    }

    /** Hands every free slot to the next ticket in turn; under the lock. */
    private List<Ticket> grantFree() {
        List<Ticket> granted = new ArrayList<>();
        while (busy < slots) {
            Map.Entry<String, Owner> next = nextOwner(owners);
            if (next == null) {
                break;
            }
            Owner owner = next.getValue();
            Ticket t = owner.waiting.poll();
            t.holding = true;
            owner.holding++;
            owner.lastServed = turn++;
            busy++;
            granted.add(t);
        }
        return granted;
    }

    /** The waiting owner whose turn it is: fewest slots held, then served longest ago, then first to ask. */
    private static Map.Entry<String, Owner> nextOwner(Map<String, Owner> owners) {
        Map.Entry<String, Owner> best = null;
        for (Map.Entry<String, Owner> e : owners.entrySet()) {
            Owner o = e.getValue();
            if (o.waiting.isEmpty()) {
                continue;
            }
            if (best == null || before(o, best.getValue())) {
                best = e;
            }
        }
        return best;
    }

    private static boolean before(Owner a, Owner b) {
        if (a.holding != b.holding) {
            return a.holding < b.holding;
        }
        if (a.lastServed != b.lastServed) {
            return a.lastServed < b.lastServed;
        }
        return a.waiting.peek().seq < b.waiting.peek().seq;
    }

    /** Plays the turns forward on a copy (as if each granted ticket kept its slot) until {@code ticket}'s. */
    private synchronized int ahead(Ticket ticket) {
        if (ticket.holding || ticket.released) {
            return 0;
        }
        Map<String, Owner> copy = new HashMap<>();
        owners.forEach((name, o) -> {
            Owner c = new Owner();
            c.waiting.addAll(o.waiting);
            c.holding = o.holding;
            c.lastServed = o.lastServed;
            copy.put(name, c);
        });
        long playTurn = turn;
        int ahead = 0;
        while (true) {
            Map.Entry<String, Owner> next = nextOwner(copy);
            if (next == null) {
                return ahead;
            }
            Owner o = next.getValue();
            if (o.waiting.poll() == ticket) {
                return ahead;
            }
            o.holding++;
            o.lastServed = playTurn++;
            ahead++;
        }
    }
}
