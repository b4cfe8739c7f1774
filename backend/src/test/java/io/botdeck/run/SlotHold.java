package io.botdeck.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds backtest slots in a test the way replaying backtests would, so a test decides when a slot
 * frees instead of racing a replay's end. Its owner takes turns in the fair queue like any other.
 */
public final class SlotHold implements AutoCloseable {

    private final List<BacktestSlots.Slot> held = new ArrayList<>();

    private SlotHold() {
    }

    /** Takes every slot of the server; fails when they are not all held within {@code timeout}. */
    public static SlotHold all(BacktestSlots slots, Duration timeout) throws InterruptedException {
        SlotHold hold = new SlotHold();
        for (int i = 0; i < slots.slots(); i++) {
            hold.held.add(slots.take(BacktestSlots.ownerOf("slot-hold", null)));
        }
        long end = System.nanoTime() + timeout.toNanos();
        while (!hold.held.stream().allMatch(BacktestSlots.Slot::holding)) {
            if (System.nanoTime() > end) {
                hold.close();
                throw new IllegalStateException("the test could not take every backtest slot within " + timeout);
            }
            Thread.sleep(5);
        }
        return hold;
    }

    /** Frees one held slot (it goes to the next in the fair queue); false when none is left. */
    public boolean releaseOne() {
        if (held.isEmpty()) {
            return false;
        }
        held.remove(held.size() - 1).release();
        return true;
    }

    /** Slots still held. */
    public int holding() {
        return held.size();
    }

    @Override
    public void close() {
        while (releaseOne()) {
            // each release hands the slot on
        }
    }
}
