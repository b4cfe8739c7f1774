package io.botdeck.core;

/** Direction of a position. */
public enum Side {
    LONG, SHORT;

    /** +1 for long, -1 for short. */
    public int sign() {
        return this == LONG ? 1 : -1;
    }

    public Side opposite() {
        return this == LONG ? SHORT : LONG;
    }
}
