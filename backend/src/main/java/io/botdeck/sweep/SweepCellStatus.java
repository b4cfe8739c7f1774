package io.botdeck.sweep;

import java.util.Locale;

/** Where a cell is in its life: queued (no session yet, or waiting to run again), running, or ended. */
public enum SweepCellStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    STOPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean ended() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    static SweepCellStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
