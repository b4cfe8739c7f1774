package io.botdeck.session;

import java.time.Instant;
import java.util.List;

import io.botdeck.core.SessionType;

/**
 * A filtered, sorted, paged list request. Empty lists mean "any"; null times mean "no bound".
 *
 * @param sort          a whitelisted column (see {@link SessionSort})
 * @param createdAfter  only sessions created at or after this instant
 * @param createdBefore only sessions created before this instant
 * @param stoppedAfter  only sessions that stopped at or after this instant
 * @param stoppedBefore only sessions that stopped before this instant
 * @param sweepCells    whether sweep cells are listed with the others, left out, or the only ones
 * @param sweepId       only the cells of this sweep (null: any)
 */
public record SessionQuery(
        List<SessionStatus> statuses,
        List<SessionType> types,
        List<String> markets,
        String search,
        int limit,
        int offset,
        SessionSort sort,
        Instant createdAfter,
        Instant createdBefore,
        Instant stoppedAfter,
        Instant stoppedBefore,
        SweepCells sweepCells,
        String sweepId) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public SessionQuery {
        statuses = List.copyOf(statuses);
        types = List.copyOf(types);
        markets = List.copyOf(markets);
        sweepCells = sweepCells == null ? SweepCells.INCLUDE : sweepCells;
    }

    /** Cells with the other sessions, of any sweep. */
    public SessionQuery(List<SessionStatus> statuses, List<SessionType> types, List<String> markets, String search,
                        int limit, int offset, SessionSort sort, Instant createdAfter, Instant createdBefore,
                        Instant stoppedAfter, Instant stoppedBefore) {
        this(statuses, types, markets, search, limit, offset, sort, createdAfter, createdBefore, stoppedAfter,
                stoppedBefore, SweepCells.INCLUDE, null);
    }

    /** The same filter and order, another page size. */
    SessionQuery withLimit(int newLimit) {
        return new SessionQuery(statuses, types, markets, search, newLimit, offset, sort, createdAfter, createdBefore,
                stoppedAfter, stoppedBefore, sweepCells, sweepId);
    }

    /** Without time bounds. */
    public SessionQuery(List<SessionStatus> statuses, List<SessionType> types, List<String> markets, String search,
                        int limit, int offset, SessionSort sort) {
        this(statuses, types, markets, search, limit, offset, sort, null, null, null, null);
    }

    /** Whether the list has a time bound and is sorted by another column than the bounded one(s). */
    boolean sortsOutsideItsPeriod() {
        boolean stopped = stoppedAfter != null || stoppedBefore != null;
        boolean created = createdAfter != null || createdBefore != null;
        String column = sort.column();
        return (stopped || created) && !(stopped && column.equals("stopped_at")) && !(!stopped && column.equals("created_at"));
    }

    /** Whether the filter uses only status, type, market and "is a cell" (whose totals are kept exactly). */
    boolean countsAreKept() {
        return SessionSearch.of(search).isEmpty() && createdAfter == null && createdBefore == null
                && stoppedAfter == null && stoppedBefore == null && sweepId == null;
    }
}
