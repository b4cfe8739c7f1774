package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class WriteSlotsTest {

    private final WriteSlots slots = new WriteSlots(2);

    @Test
    void atMostMaxWritesRunAndTheOthersStartInArrivalOrderAsSlotsFree() {
        List<Sinks.Empty<Void>> writes = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<Integer> finished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Sinks.Empty<Void> w = Sinks.empty();
            writes.add(w);
            slots.run(Mono.defer(() -> {
                started.add(n);
                return w.asMono();
            })).subscribe(null, null, () -> finished.add(n));
        }
        assertThat(started).containsExactly(0, 1);
        assertThat(slots.inUse()).isEqualTo(2);
        writes.get(1).tryEmitEmpty();
        assertThat(started).containsExactly(0, 1, 2);
        writes.get(0).tryEmitError(new IllegalStateException("refused"));
        assertThat(started).as("a failed write frees its slot too").containsExactly(0, 1, 2, 3);
        writes.get(2).tryEmitEmpty();
        writes.get(3).tryEmitEmpty();
        writes.get(4).tryEmitEmpty();
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(finished).containsExactly(1, 2, 3, 4);
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void aWriteCancelledWhileWaitingNeverRunsAndOneCancelledWhileRunningFreesItsSlot() {
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> second = Sinks.empty();
        List<String> started = new ArrayList<>();
        Disposable a = slots.run(Mono.defer(() -> {
            started.add("a");
            return first.asMono();
        })).subscribe();
        slots.run(Mono.defer(() -> {
            started.add("b");
            return second.asMono();
        })).subscribe();
        Disposable waiting = slots.run(Mono.defer(() -> {
            started.add("c");
            return Mono.<Void>empty();
        })).subscribe();
        waiting.dispose();
        a.dispose();
        assertThat(started).as("the cancelled waiter never ran").containsExactly("a", "b");
        assertThat(slots.inUse()).isEqualTo(1);
        slots.run(Mono.fromRunnable(() -> started.add("d"))).subscribe();
        assertThat(started).containsExactly("a", "b", "d");
        second.tryEmitEmpty();
        assertThat(slots.inUse()).isZero();
    }
}
