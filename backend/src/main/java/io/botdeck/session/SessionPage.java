package io.botdeck.session;

import java.util.List;

/**
 * One page of a session list and the total that matched.
 *
 * @param totalIsLowerBound whether {@code total} is where counting stopped ({@link SessionService#COUNT_CAP})
 *                          rather than the exact number: more sessions match
 */
public record SessionPage(List<Session> items, long total, int limit, int offset, boolean totalIsLowerBound) {

    public SessionPage(List<Session> items, long total, int limit, int offset) {
        this(items, total, limit, offset, false);
    }
}
