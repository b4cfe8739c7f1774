package io.botdeck.session;

import java.util.List;

import io.botdeck.core.SessionType;

/**
 * A filtered, sorted, paged list request. Empty lists mean "any".
 *
 * @param sortField a whitelisted column (see {@link SessionSort})
 */
public record SessionQuery(
        List<SessionStatus> statuses,
        List<SessionType> types,
        List<String> markets,
        String search,
        int limit,
        int offset,
        SessionSort sort) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public SessionQuery {
        statuses = List.copyOf(statuses);
        types = List.copyOf(types);
        markets = List.copyOf(markets);
    }
}
