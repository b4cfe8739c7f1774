package io.botdeck.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import graphql.relay.Connection;
import graphql.relay.DefaultConnection;
import graphql.relay.DefaultConnectionCursor;
import graphql.relay.DefaultEdge;
import graphql.relay.DefaultPageInfo;
import graphql.relay.Edge;
import io.botdeck.error.InvalidInputException;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.pagination.CursorStrategy;
import org.springframework.graphql.data.query.ScrollSubrange;

/**
 * Relay cursor paging ({@code first}/{@code after}, {@code last}/{@code before}) on Spring for
 * GraphQL's scroll support: arguments become a {@link ScrollSubrange} whose position is a
 * {@link KeysetScrollPosition}, cursors are written by the application's
 * {@code CursorStrategy<ScrollPosition>} (base64 of the keys), and a page becomes a
 * {@link Connection} for the {@code XxxConnection} types that Spring generates from the schema.
 * <p>
 * The page is built here rather than adapted from a {@code Window}: a {@code Window} reports a
 * previous page whenever its first item has a key, so the first page would claim one.
 * A malformed cursor, a cursor of another list, {@code first} with {@code last}, {@code after}
 * with {@code before} or a negative count are {@code BAD_REQUEST}s. Controllers make one from
 * the {@code CursorStrategy<ScrollPosition>} bean.
 */
public class CursorPaging {

    private final CursorStrategy<ScrollPosition> cursors;

    public CursorPaging(CursorStrategy<ScrollPosition> cursors) {
        this.cursors = cursors;
    }

    /** The subrange the arguments ask for: {@code fallback} items from the start when none are given. */
    public ScrollSubrange subrange(Integer first, String after, Integer last, String before, int fallback, int max) {
        if (first != null && last != null) {
            throw InvalidInputException.field("last", "use first (with after) or last (with before), not both");
        }
        if (after != null && before != null) {
            throw InvalidInputException.field("before", "use after or before, not both");
        }
        if (first != null && first < 0) {
            throw InvalidInputException.field("first", "must be at least 0");
        }
        if (last != null && last < 0) {
            throw InvalidInputException.field("last", "must be at least 0");
        }
        boolean forward = last == null && before == null;
        Integer asked = forward ? first : last;
        int count = Math.min(asked == null ? fallback : asked, max);
        String cursor = forward ? after : before;
        ScrollPosition position = cursor == null ? null : decode(forward ? "after" : "before", cursor);
        return ScrollSubrange.create(position, count, forward);
    }

    /** The keys of the subrange's position; null when it starts at an end of the list. */
    public static Map<String, Object> keys(ScrollSubrange range) {
        return range.position().map(p -> ((KeysetScrollPosition) p).getKeys()).filter(k -> !k.isEmpty()).orElse(null);
    }

    /** A page of nodes, in list order, each with the keys of its place in the list. */
    public <T> Connection<T> connection(List<T> nodes, List<Map<String, ?>> keys, boolean hasPrevious, boolean hasNext) {
        List<Edge<T>> edges = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            edges.add(new DefaultEdge<>(nodes.get(i), new DefaultConnectionCursor(
                    cursors.toCursor(ScrollPosition.forward(keys.get(i))))));
        }
        return new DefaultConnection<>(edges, new DefaultPageInfo(
                edges.isEmpty() ? null : edges.get(0).getCursor(),
                edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor(),
                hasPrevious, hasNext));
    }

    private ScrollPosition decode(String field, String cursor) {
        ScrollPosition position;
        try {
            position = cursors.fromCursor(cursor);
        } catch (RuntimeException e) {
            throw InvalidInputException.field(field, "is not a cursor of this list");
        }
        if (!(position instanceof KeysetScrollPosition keyset) || keyset.getKeys().isEmpty()) {
            throw InvalidInputException.field(field, "is not a cursor of this list");
        }
        return position;
    }
}
