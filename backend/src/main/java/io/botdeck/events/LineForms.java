package io.botdeck.events;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import reactor.core.publisher.Flux;

/**
 * The delivery side's per-line memo: each line of a session turned into one adapter's form (the
 * WebSocket message bytes, the GraphQL object) once for all of that session's readers, kept while
 * any of them reads. A line of a session goes to each of its readers unchanged, so the first
 * reader makes the form and the others reuse it; lines are told apart by their sequence number
 * (gap-free and never reused), and notices without one are made per reader.
 */
public final class LineForms<T> {

    /** Lines remembered per session: as many as a reader may hold queued. */
    private static final int SLOTS = 4096;

    private final Function<LogEntry, T> make;
    private final ConcurrentHashMap<String, Forms<T>> sessions = new ConcurrentHashMap<>();

    public LineForms(Function<LogEntry, T> make) {
        this.make = make;
    }

    /** Runs {@code reader} with the session's forms, shared with its other readers until the last one ends. */
    public <R> Flux<R> reading(String sessionId, Function<Forms<T>, Flux<R>> reader) {
        return Flux.using(() -> acquire(sessionId), reader, forms -> release(sessionId));
    }

    private Forms<T> acquire(String sessionId) {
        return sessions.compute(sessionId, (id, forms) -> {
            Forms<T> f = forms != null ? forms : new Forms<>(make);
            f.readers++;
            return f;
        });
    }

    private void release(String sessionId) {
        sessions.computeIfPresent(sessionId, (id, forms) -> --forms.readers == 0 ? null : forms);
    }

    /** Sessions whose forms are kept right now. */
    int sessionsKept() {
        return sessions.size();
    }

    /** One session's forms. */
    public static final class Forms<T> {
        private final Function<LogEntry, T> make;
        /** Written by any reader: a racing reader at worst makes a form twice (equal ones); a slot is immutable. */
        private final Slot<?>[] slots = new Slot<?>[SLOTS];
        /** Guarded by the map's compute. */
        private int readers;

        private Forms(Function<LogEntry, T> make) {
            this.make = make;
        }

        /** The line in this adapter's form, made by the first reader that asks. */
        @SuppressWarnings("unchecked")
        public T of(LogEntry e) {
            long seq = e.seq();
            if (seq <= 0) {
                return make.apply(e);
            }
            int i = (int) (seq & (SLOTS - 1));
            Slot<?> slot = slots[i];
            if (slot != null && slot.seq == seq) {
                return (T) slot.form;
            }
            T form = make.apply(e);
            slots[i] = new Slot<>(seq, form);
            return form;
        }
    }

    private record Slot<T>(long seq, T form) {
    }
}
