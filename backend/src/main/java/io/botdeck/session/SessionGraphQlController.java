package io.botdeck.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import graphql.relay.Connection;
import io.botdeck.core.SessionType;
import io.botdeck.error.InvalidInputException;
import io.botdeck.graphql.BacktestProgress;
import io.botdeck.graphql.CursorPaging;
import io.botdeck.session.SessionCommands.CloneSession;
import io.botdeck.session.SessionCommands.CreateSession;
import io.botdeck.session.SessionCommands.UpdateSession;
import io.botdeck.strategy.Strategy;
import io.botdeck.web.QueryParams;
import org.springframework.graphql.data.ArgumentValue;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.pagination.CursorStrategy;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphQL adapter of {@link SessionService}: the {@code Session} type, the session queries and
 * mutations, and {@code sessionUpdated}. Nested fields that a list of sessions would otherwise
 * fetch once per session ({@code strategy}, {@code clonedFrom}, {@code clones}) are
 * {@link BatchMapping}s: one query for the whole list.
 */
@Controller
public class SessionGraphQlController {

    /** Changes a subscriber may fall behind by before it loses the oldest. */
    static final int UPDATE_BUFFER = 1024;

    private final SessionService sessions;
    private final JsonMapper json;
    private final CursorPaging paging;

    public SessionGraphQlController(SessionService sessions, JsonMapper json, CursorStrategy<ScrollPosition> cursors) {
        this.sessions = sessions;
        this.paging = new CursorPaging(cursors);
        this.json = json;
    }

    // ------------------------------------------------------------------ inputs and outputs

    /** {@code SessionFilter}; empty lists mean any, omitted times no bound. */
    public record SessionFilter(List<SessionStatus> statuses, List<SessionType> types, List<String> markets,
                                String search, OffsetDateTime createdAfter, OffsetDateTime createdBefore,
                                OffsetDateTime stoppedAfter, OffsetDateTime stoppedBefore, SweepCells sweepCells,
                                String sweepId) {

        static final SessionFilter ANY = new SessionFilter(null, null, null, null, null, null, null, null, null, null);

        /** The same rules as the list queries, in memory. */
        boolean matches(Session s) {
            return (isEmpty(statuses) || statuses.contains(s.status()))
                    && (isEmpty(types) || types.contains(s.type()))
                    && (isEmpty(markets) || markets.contains(s.market()))
                    && within(s.createdAt(), createdAfter, createdBefore)
                    && within(s.stoppedAt(), stoppedAfter, stoppedBefore)
                    && (sweepCells == null || sweepCells == SweepCells.INCLUDE
                            || (sweepCells == SweepCells.ONLY) == (s.sweepId() != null))
                    && (sweepId == null || sweepId.equals(s.sweepId()))
                    && SessionSearch.of(search).matches(s.name(), s.strategy(), s.market(), s.notes());
        }

        private static boolean within(Instant t, OffsetDateTime from, OffsetDateTime to) {
            if (from == null && to == null) {
                return true;
            }
            return t != null && (from == null || !t.isBefore(from.toInstant())) && (to == null || t.isBefore(to.toInstant()));
        }

        SessionQuery query(int limit, int offset, SessionSort sort) {
            return new SessionQuery(orEmpty(statuses), orEmpty(types), orEmpty(markets), search, limit, offset, sort,
                    instant(createdAfter), instant(createdBefore), instant(stoppedAfter), instant(stoppedBefore),
                    sweepCells, sweepId == null ? null : checkedSweepId(sweepId));
        }

        private static String checkedSweepId(String id) {
            if (!SessionIds.isCanonical(id)) {
                throw InvalidInputException.field("sweepId", "must be a sweep id (a lower-case UUID)");
            }
            return id;
        }

        private static Instant instant(OffsetDateTime t) {
            return t == null ? null : t.toInstant();
        }
    }

    /** {@code SessionSort}: enum names, e.g. {@code TOTAL_PNL} and {@code ASC}. */
    public record SessionSortInput(String field, String direction) {

        SessionSort toSort() {
            return SessionSort.parse(field.toLowerCase(Locale.ROOT) + ":"
                    + (direction == null ? "desc" : direction.toLowerCase(Locale.ROOT)));
        }
    }

    /** {@code CreateSessionInput}. */
    public record CreateSessionInput(SessionType type, String market, String strategy, Object strategyParams,
                                     String name, String notes, OffsetDateTime rangeStart, OffsetDateTime rangeEnd,
                                     String exchange, Boolean leanLog) {
    }

    /** {@code UpdateSessionInput}: omitted fields stay; a null {@code notes} clears them. */
    public record UpdateSessionInput(String name, ArgumentValue<String> notes, String market, Object strategyParams,
                                     OffsetDateTime rangeStart, OffsetDateTime rangeEnd) {
    }

    /** {@code CloneSessionInput}: omitted fields are copied; a null {@code notes} clears them. */
    public record CloneSessionInput(String name, ArgumentValue<String> notes, String market, Object strategyParams,
                                    OffsetDateTime rangeStart, OffsetDateTime rangeEnd) {
    }

    // ------------------------------------------------------------------ queries

    @QueryMapping
    public Mono<SessionPage> sessions(@Argument SessionFilter filter, @Argument Integer limit, @Argument Integer offset,
                                      @Argument SessionSortInput sort) {
        return Mono.defer(() -> {
            SessionFilter f = filter == null ? SessionFilter.ANY : filter;
            SessionQuery query = f.query(
                    QueryParams.size("limit", limit, SessionQuery.DEFAULT_LIMIT, 1, SessionQuery.MAX_LIMIT),
                    QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE),
                    sort == null ? SessionSort.DEFAULT : sort.toSort());
            return sessions.list(query);
        });
    }

    /** Relay cursor paging over the same list; cursors are keys (sort value and creation order), not offsets. */
    @QueryMapping
    public Mono<Connection<Session>> sessionsConnection(@Argument SessionFilter filter, @Argument SessionSortInput sort,
                                                        @Argument Integer first, @Argument String after,
                                                        @Argument Integer last, @Argument String before) {
        return Mono.defer(() -> {
            ScrollSubrange range = paging.subrange(first, after, last, before, SessionQuery.DEFAULT_LIMIT, SessionQuery.MAX_LIMIT);
            SessionFilter f = filter == null ? SessionFilter.ANY : filter;
            int count = range.count().orElse(SessionQuery.DEFAULT_LIMIT);
            SessionQuery query = f.query(count, 0, sort == null ? SessionSort.DEFAULT : sort.toSort());
            SessionKeyset position = keyset(CursorPaging.keys(range), range.forward() ? "after" : "before");
            if (count == 0) {
                return Mono.just(paging.connection(List.<Session>of(), List.of(), false, false));
            }
            return sessions.scroll(query, position, range.forward(), count).map(w -> paging.connection(
                    w.items().stream().map(SessionWindow.Item::session).toList(),
                    w.items().stream().<Map<String, ?>>map(i -> cursorKeys(i.position())).toList(),
                    w.hasPrevious(), w.hasNext()));
        });
    }

    private static Map<String, ?> cursorKeys(SessionKeyset k) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("sort", k.sortKey());
        if (k.value() != null) {
            keys.put("value", k.value());
        }
        keys.put("row", Long.toString(k.rowNo()));
        return keys;
    }

    private static SessionKeyset keyset(Map<String, Object> keys, String field) {
        if (keys == null) {
            return null;
        }
        try {
            Object value = keys.get("value");
            return new SessionKeyset((String) keys.get("sort"), value == null ? null : (String) value,
                    Long.parseLong((String) keys.get("row")));
        } catch (RuntimeException e) {
            throw InvalidInputException.field(field, "is not a cursor of this list");
        }
    }

    @QueryMapping
    public Mono<Session> session(@Argument String id) {
        return sessions.get(id);
    }

    // ------------------------------------------------------------------ mutations

    @MutationMapping
    public Mono<Session> createSession(@Argument CreateSessionInput input) {
        return Mono.defer(() -> sessions.create(new CreateSession(input.name(), input.type(), input.market(),
                input.exchange(), input.strategy(), tree(input.strategyParams()),
                epochSeconds("range_start", input.rangeStart()), epochSeconds("range_end", input.rangeEnd()),
                input.notes(), input.leanLog())));
    }

    @MutationMapping
    public Mono<Session> updateSession(@Argument String id, @Argument UpdateSessionInput input) {
        return Mono.defer(() -> sessions.update(id, new UpdateSession(input.name(), notes(input.notes()), input.market(),
                tree(input.strategyParams()), epochSeconds("range_start", input.rangeStart()),
                epochSeconds("range_end", input.rangeEnd()))));
    }

    @MutationMapping
    public Mono<String> deleteSession(@Argument String id) {
        return sessions.delete(id).thenReturn(id);
    }

    @MutationMapping
    public Mono<Session> startSession(@Argument String id) {
        return sessions.start(id);
    }

    @MutationMapping
    public Mono<Session> stopSession(@Argument String id) {
        return sessions.stop(id);
    }

    @MutationMapping
    public Mono<Session> restartSession(@Argument String id) {
        return sessions.restart(id);
    }

    @MutationMapping
    public Mono<Session> cloneSession(@Argument String id, @Argument CloneSessionInput input) {
        return Mono.defer(() -> {
            CloneSession cmd = input == null ? CloneSession.NONE : new CloneSession(input.name(), notes(input.notes()),
                    input.market(), tree(input.strategyParams()), epochSeconds("range_start", input.rangeStart()),
                    epochSeconds("range_end", input.rangeEnd()));
            return sessions.cloneSession(id, cmd);
        });
    }

    @MutationMapping
    public Mono<Session> verifySession(@Argument String id) {
        return sessions.verify(id);
    }

    // ------------------------------------------------------------------ subscription

    @SubscriptionMapping
    public Flux<SessionUpdate> sessionUpdated(@Argument SessionFilter filter, @Argument List<String> sessionIds) {
        SessionFilter f = filter == null ? SessionFilter.ANY : filter;
        Set<String> ids = sessionIds == null || sessionIds.isEmpty() ? null : Set.copyOf(sessionIds);
        Predicate<SessionUpdate> wanted = u -> (ids == null || ids.contains(u.sessionId()))
                && (u.session() == null || f.matches(u.session()));
        return sessions.updates().filter(wanted)
                .onBackpressureBuffer(UPDATE_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    // ------------------------------------------------------------------ Session fields

    @SchemaMapping(typeName = "Session")
    public String strategyId(Session s) {
        return s.strategy();
    }

    @SchemaMapping(typeName = "Session")
    public String clonedFromId(Session s) {
        return s.clonedFrom();
    }

    @SchemaMapping(typeName = "Session")
    public String error(Session s) {
        return s.errorMessage();
    }

    @SchemaMapping(typeName = "Session")
    public Instant rangeStart(Session s) {
        return s.rangeStart() == null ? null : Instant.ofEpochSecond(s.rangeStart());
    }

    @SchemaMapping(typeName = "Session")
    public Instant rangeEnd(Session s) {
        return s.rangeEnd() == null ? null : Instant.ofEpochSecond(s.rangeEnd());
    }

    @SchemaMapping(typeName = "Session")
    public BacktestProgress progress(Session s) {
        return s.progressTotal() == null ? null
                : BacktestProgress.of(s.progressDone() == null ? 0 : s.progressDone(), s.progressTotal());
    }

    @SchemaMapping(typeName = "Session")
    public Fingerprint fingerprint(Session s) {
        return Fingerprint.of(s.fingerprint());
    }

    @SchemaMapping(typeName = "Verification")
    public String ofSessionId(Session.Verification v) {
        return v.of();
    }

    /** The session a verification run re-runs (null once deleted; the verdict is null then too). */
    @SchemaMapping(typeName = "Verification", field = "of")
    public Mono<Session> verified(Session.Verification v) {
        return sessions.getAll(List.of(v.of())).next();
    }

    @SchemaMapping(typeName = "Session")
    public Flux<SessionEvent> events(Session s, @Argument Integer limit) {
        return Flux.defer(() -> sessions.events(s.id(), QueryParams.size("limit", limit, 100, 1, 1_000)));
    }

    /** One read of the strategy table for a whole list. */
    @BatchMapping(typeName = "Session")
    public Mono<Map<Session, Strategy>> strategy(List<Session> list) {
        return sessions.strategiesById().map(byId -> {
            Map<Session, Strategy> result = new LinkedHashMap<>();
            list.forEach(s -> {
                Strategy strategy = byId.get(s.strategy());
                if (strategy != null) {
                    result.put(s, strategy);
                }
            });
            return result;
        });
    }

    /** One query for the parents of a whole list. */
    @BatchMapping(typeName = "Session")
    public Mono<Map<Session, Session>> clonedFrom(List<Session> list) {
        List<String> parentIds = list.stream().map(Session::clonedFrom).filter(id -> id != null).distinct().toList();
        return sessions.getAll(parentIds).collectMap(Session::id).map(parents -> {
            Map<Session, Session> result = new LinkedHashMap<>();
            list.forEach(s -> {
                Session parent = s.clonedFrom() == null ? null : parents.get(s.clonedFrom());
                if (parent != null) {
                    result.put(s, parent);
                }
            });
            return result;
        });
    }

    /** One query for the clones of a whole list. */
    @BatchMapping(typeName = "Session")
    public Mono<Map<Session, List<Session>>> clones(List<Session> list) {
        List<String> ids = list.stream().map(Session::id).distinct().toList();
        return sessions.clonesOf(ids).collectMultimap(Session::clonedFrom).map(byParent -> {
            Map<Session, List<Session>> result = new LinkedHashMap<>();
            list.forEach(s -> result.put(s, new ArrayList<>(byParent.getOrDefault(s.id(), List.of()))));
            return result;
        });
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode tree(Object value) {
        return value == null ? null : json.valueToTree(value);
    }

    private static String notes(ArgumentValue<String> notes) {
        if (notes == null || notes.isOmitted()) {
            return null;
        }
        return notes.isPresent() ? notes.value() : "";
    }

    /** Range bounds are whole unix seconds. */
    static Long epochSeconds(String field, OffsetDateTime time) {
        if (time == null) {
            return null;
        }
        if (time.getNano() != 0) {
            throw InvalidInputException.field(field, "must be whole seconds, not " + time);
        }
        return time.toEpochSecond();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
