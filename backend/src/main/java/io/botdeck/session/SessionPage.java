package io.botdeck.session;

import java.util.List;

/** One page of a session list and the total that matched. */
public record SessionPage(List<Session> items, long total, int limit, int offset) {
}
