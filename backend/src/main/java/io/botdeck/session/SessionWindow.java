package io.botdeck.session;

import java.util.List;

/**
 * A scrolled stretch of a session list, in list order, with the key of each session and whether
 * the list goes on before the first and after the last.
 */
public record SessionWindow(List<Item> items, boolean hasPrevious, boolean hasNext) {

    /** A session and its place in the list. */
    public record Item(Session session, SessionKeyset position) {
    }
}
