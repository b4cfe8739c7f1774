package io.botdeck.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.core.SessionType;
import io.botdeck.error.ConflictException;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.error.StorageStatus;
import io.botdeck.error.StorageUnavailable;
import io.botdeck.market.Market;
import io.botdeck.market.MarketService;
import io.botdeck.session.SessionCommands.CloneSession;
import io.botdeck.session.SessionCommands.CreateSession;
import io.botdeck.session.SessionCommands.UpdateSession;
import io.botdeck.strategy.Strategy;
import io.botdeck.strategy.StrategyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one owner of a session's life: creation, configuration, the state machine
 * ({@code created → running → stopped | completed | failed}, restart back to running) and
 * heartbeats. Every transition is a conditional update plus a {@code session_events} row in one
 * transaction, so two racing requests can never both win, and nothing is half-written.
 */
@Service
public class SessionService {

    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    private static final String DEFAULT_EXCHANGE = "bitmex";

    private final SessionRepository sessions;
    private final StrategyService strategies;
    private final MarketService markets;
    private final SessionRunner runner;
    private final TransactionalOperator tx;
    private final Clock clock;
    private final Duration staleAfter;
    private final SessionChanges changes;
    private final Flux<SessionUpdate> updates;
    private final StorageStatus storage;
    private final LiveRowWrites liveRows;
    /** How long a run's final status write waits for an unreachable database, and its longest pause between tries. */
    private static final Duration STORAGE_RETRY_FOR = Duration.ofMinutes(15);
    private static final Duration STORAGE_RETRY_CAP = Duration.ofSeconds(5);

    public SessionService(SessionRepository sessions, StrategyService strategies, MarketService markets,
                          SessionRunner runner, TransactionalOperator tx, Clock clock, BotdeckProperties properties,
                          SessionChanges changes, StorageStatus storage, LiveRowWrites liveRows) {
        this.storage = storage;
        this.liveRows = liveRows;
        this.sessions = sessions;
        this.strategies = strategies;
        this.markets = markets;
        this.runner = runner;
        this.tx = tx;
        this.clock = clock;
        this.staleAfter = properties.staleAfter();
        this.changes = changes;
        this.updates = SessionUpdates.of(Flux.defer(changes::stream), this::getAll);
    }

    private <T> Mono<T> announce(Mono<T> done, String id, SessionChange.Kind kind) {
        return done.doOnSuccess(v -> changes.publish(id, kind));
    }

    // ---------------------------------------------------------------- queries

    public Mono<Session> get(String id) {
        if (!SessionIds.isCanonical(id)) {
            // another spelling of an id (upper case, trailing space) would match in SQL but not in the runner
            return Mono.error(NotFoundException.session(id));
        }
        return sessions.findById(id).switchIfEmpty(Mono.error(() -> NotFoundException.session(id)));
    }

    public Flux<Session> getAll(List<String> ids) {
        return sessions.findAllById(ids.stream().filter(SessionIds::isCanonical).toList());
    }

    /**
     * A page by offset and how many sessions match in all. Filters of status, type and market
     * only are counted exactly from the kept counts; with search or time bounds the matching
     * sessions are counted up to {@link #COUNT_CAP}, and beyond that the total is a lower bound
     * (at least the cap, at least as far as this page reaches), unless this page is the last.
     * A search for a common word (checked row by row) is not counted: its total is a lower bound
     * (as far as this page reaches, plus one when more follow; at least the cap when the word
     * alone is known to be in that many sessions), exact on its last page.
     */
    public Mono<SessionPage> list(SessionQuery query) {
        if (query.countsAreKept()) {
            return Mono.zip(sessions.find(query).collectList(), sessions.countKept(query))
                    .map(t -> new SessionPage(t.getT1(), t.getT2(), query.limit(), query.offset(), false));
        }
        return sessions.rowByRowSearch(query).flatMap(rowByRow -> rowByRow[0] == 1
                ? uncounted(query, rowByRow[1])
                : counted(query));
    }

    private Mono<SessionPage> counted(SessionQuery query) {
        Mono<Long> count = sessions.countUpTo(query, COUNT_CAP);
        Mono<List<Session>> items;
        if (query.sortsOutsideItsPeriod()) {
            // no more than the cap match in the period: read the period (as the count just did) and
            // sort its matches, rather than walk the sort column's index past every session outside
            // the period, which may be nearly all of them however early the page
            Mono<Long> counted = count.cache();
            count = counted;
            items = counted.flatMap(n -> sessions.find(query, n <= COUNT_CAP).collectList());
        } else {
            items = sessions.find(query).collectList();
        }
        return Mono.zip(items, count).map(t -> {
            List<Session> page = t.getT1();
            long counted = t.getT2();
            if (counted <= COUNT_CAP) {
                return new SessionPage(page, counted, query.limit(), query.offset(), false);
            }
            long reached = (long) query.offset() + page.size();
            if (!page.isEmpty() && page.size() < query.limit()) {
                return new SessionPage(page, reached, query.limit(), query.offset(), false);
            }
            return new SessionPage(page, Math.max(COUNT_CAP, reached), query.limit(), query.offset(), true);
        });
    }

    private Mono<SessionPage> uncounted(SessionQuery query, long knownAtLeast) {
        SessionQuery oneMore = query.withLimit(query.limit() + 1);
        return sessions.find(oneMore).collectList().flatMap(rows -> {
            boolean more = rows.size() > query.limit();
            List<Session> page = more ? rows.subList(0, query.limit()) : rows;
            long reached = (long) query.offset() + page.size();
            if (page.isEmpty() && query.offset() > 0) {
                // past the end: how far the list goes is not known from this page
                return counted(query);
            }
            if (!more) {
                return Mono.just(new SessionPage(page, reached, query.limit(), query.offset(), false));
            }
            return Mono.just(new SessionPage(page, Math.max(reached + 1, knownAtLeast >= COUNT_CAP ? COUNT_CAP : 0),
                    query.limit(), query.offset(), true));
        });
    }

    /** Where counting stops for filters whose totals are not kept (search, time bounds). */
    public static final long COUNT_CAP = 10_000;

    /**
     * Up to {@code count} sessions after {@code position} (forward) or before it (backward) in the
     * query's order, returned in that order, with whether more lie before and after them.
     * Positions are keys (sort value and creation order), not offsets: pages stay put when
     * sessions are created or deleted meanwhile.
     */
    public Mono<SessionWindow> scroll(SessionQuery query, SessionKeyset position, boolean forward, int count) {
        return Mono.defer(() -> {
            SessionSort sort = query.sort();
            if (position != null && !position.sortKey().equals(sort.key())) {
                throw InvalidInputException.field(forward ? "after" : "before", "the cursor belongs to a list sorted by "
                        + position.sortKey() + ", not " + sort.key());
            }
            SessionSort reading = forward ? sort : sort.reversed();
            return sessions.scroll(query, reading, position, count + 1).collectList().flatMap(rows -> {
                boolean more = rows.size() > count;
                List<SessionRepository.SessionRow> page = new java.util.ArrayList<>(more ? rows.subList(0, count) : rows);
                // is there anything on the other side: before the first row read (or the position)?
                SessionKeyset edge = page.isEmpty() ? position
                        : SessionKeyset.of(sort, page.get(0).session(), page.get(0).rowNo());
                Mono<Boolean> other = edge == null ? Mono.just(false)
                        : sessions.anyAfter(query, reading.reversed(), edge);
                if (!forward) {
                    java.util.Collections.reverse(page);
                }
                List<SessionWindow.Item> items = page.stream()
                        .map(r -> new SessionWindow.Item(r.session(), SessionKeyset.of(sort, r.session(), r.rowNo())))
                        .toList();
                return other.map(o -> forward ? new SessionWindow(items, o, more) : new SessionWindow(items, more, o));
            });
        });
    }

    /** Every change of a session, with the session as it is now (see {@link SessionUpdates}); shared by all subscribers. */
    public Flux<SessionUpdate> updates() {
        return updates;
    }

    /**
     * Ids of sessions whose status changed (or that were deleted), as the changes are published
     * after commit; a slow listener loses the oldest (see {@link SessionChanges}).
     */
    public Flux<String> statusChanges() {
        return Flux.defer(changes::stream)
                .filter(c -> c.kind() == SessionChange.Kind.STATUS || c.kind() == SessionChange.Kind.DELETED)
                .map(SessionChange::sessionId);
    }

    /** The strategies sessions refer to, by id: one read for a whole list of sessions. */
    public Mono<Map<String, Strategy>> strategiesById() {
        return strategies.list().collectMap(Strategy::id);
    }

    public Flux<Session> running() {
        return sessions.findByStatus(SessionStatus.RUNNING);
    }

    /**
     * Running sessions silent for longer than the stale limit (some may still be excused by a
     * storage outage: see {@link #isStale}); read from an index, so the cost is the silent
     * sessions, not every running one.
     */
    public Flux<Session> runningSilentTooLong() {
        return Flux.defer(() -> sessions.findRunningSilentSince(now().minus(staleAfter)));
    }

    /**
     * Sessions that failed or completed at or after {@code since}, oldest end first, at most
     * {@code limit}: what a watcher that may have missed status changes reads to catch up.
     */
    public Flux<Session> endedSince(Instant since, int limit) {
        return sessions.findEndedSince(since, List.of(SessionStatus.FAILED, SessionStatus.COMPLETED), limit);
    }

    /** The clones of several sessions in one query (for lists that show each session's clones). */
    public Flux<Session> clonesOf(List<String> ids) {
        return sessions.findClonesOf(ids);
    }

    public Flux<SessionEvent> events(String id, int limit) {
        return sessions.findEvents(id, limit);
    }

    /** A running session whose last heartbeat is older than the stale limit. */
    public boolean isStale(Session s, Instant now) {
        return s.isRunning() && secondsSinceUpdate(s, now) > staleAfter.toSeconds()
                && !storage.excusesSilence(lastHeartbeat(s), now, staleAfter);
    }

    /**
     * Whether the session's missing heartbeats are the database's doing: its heartbeats could not
     * be written while storage was failing, so it is not called stale until they had a chance again.
     */
    public boolean silencedByStorage(Session s, Instant now) {
        return s.isRunning() && secondsSinceUpdate(s, now) > staleAfter.toSeconds()
                && storage.excusesSilence(lastHeartbeat(s), now, staleAfter);
    }

    private static Instant lastHeartbeat(Session s) {
        return s.lastUpdated() != null ? s.lastUpdated() : s.startedAt() != null ? s.startedAt() : s.createdAt();
    }

    public long secondsSinceUpdate(Session s, Instant now) {
        Instant last = s.lastUpdated() != null ? s.lastUpdated() : s.startedAt() != null ? s.startedAt() : s.createdAt();
        return Math.max(0, Duration.between(last, now).toSeconds());
    }

    public Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- create, change, delete

    public Mono<Session> create(CreateSession cmd) {
        return Mono.defer(() -> doCreate(cmd, null));
    }

    /**
     * Creates a backtest session as a cell of the sweep {@code sweepId} (which must exist): the same
     * rules as {@link #create}, and the session names its sweep.
     */
    public Mono<Session> createCell(CreateSession cmd, String sweepId) {
        return Mono.defer(() -> {
            if (cmd.type() != SessionType.BACKTEST) {
                throw InvalidInputException.field("type", "a sweep cell is a backtest");
            }
            return doCreate(cmd, sweepId);
        });
    }

    /**
     * The rules a session's configuration must meet (strategy, its support of the type and market,
     * parameters under its schema, range), without creating anything: answers the strategy's
     * id, the market's symbol and the strategy's defaults with {@code params} laid over them.
     */
    public Mono<Configuration> validate(SessionType type, String strategy, String market, JsonNode params,
                                        Long rangeStart, Long rangeEnd) {
        return Mono.defer(() -> {
            requireText("strategy", strategy);
            requireText("market", market);
            return validConfiguration(type, strategy, market, params, rangeStart, rangeEnd)
                    .map(c -> new Configuration(c.strategy().id(), c.market().symbol(), c.params()));
        });
    }

    /** A configuration that passed every rule: the strategy's id and the market's symbol as stored, and the full parameters. */
    public record Configuration(String strategy, String market, ObjectNode params) {
    }

    /** The ids of a sweep's cell sessions. */
    public Flux<String> cellIds(String sweepId) {
        return sessions.findIdsBySweep(sweepId);
    }

    private Mono<Session> doCreate(CreateSession cmd, String sweepId) {
        requireNonNull("type", cmd.type());
        requireText("market", cmd.market());
        requireText("strategy", cmd.strategy());
        checkName(cmd.name());
        checkNotes(cmd.notes());
        String exchange = cmd.exchange() == null ? DEFAULT_EXCHANGE : cmd.exchange();
        if (!DEFAULT_EXCHANGE.equals(exchange)) {
            throw InvalidInputException.field("exchange", "unsupported exchange '" + exchange + "'; available: bitmex");
        }
        boolean lean = Boolean.TRUE.equals(cmd.leanLog());
        if (lean && cmd.type() != SessionType.BACKTEST) {
            throw InvalidInputException.field("lean_log", "only backtests keep a lean log; a " + cmd.type().wire()
                    + " session keeps every line");
        }
        return validConfiguration(cmd.type(), cmd.strategy(), cmd.market(), cmd.strategyParams(), cmd.rangeStart(), cmd.rangeEnd())
                // the name's number is taken in a short transaction of its own, so creations of the same
                // prefix wait for each other only that long (a failed creation leaves its number unused)
                .flatMap(config -> nameOrGenerated(cmd.name(), config.market(), cmd.type())
                        .flatMap(name -> {
                            Session session = withLog(newSession(name, cmd.type(), config, exchange, cmd.rangeStart(),
                                    cmd.rangeEnd(), null, emptyToNull(cmd.notes()), sweepId), lean, null, null);
                            return insert(store(session, SessionEventType.CREATED, Map.of(
                                    "name", name, "strategy", config.strategy().id(), "market", config.market().symbol())));
                        }));
    }

    public Mono<Session> update(String id, UpdateSession cmd) {
        return Mono.defer(() -> doUpdate(id, cmd));
    }

    private Mono<Session> doUpdate(String id, UpdateSession cmd) {
        if (cmd.name() != null) {
            checkName(cmd.name());
            if (cmd.name().isBlank()) {
                throw InvalidInputException.field("name", "must not be empty");
            }
        }
        checkNotes(cmd.notes());
        return get(id).flatMap(current -> {
            Mono<Void> config = Mono.empty();
            Map<String, Object> changed = new LinkedHashMap<>();
            if (cmd.changesConfiguration()) {
                if (current.status() != SessionStatus.CREATED) {
                    return Mono.error(new ConflictException("session is " + current.status().wire()
                            + "; market, strategy_params and range can only change while it is created (clone it instead)"));
                }
                String market = cmd.market() != null ? cmd.market() : current.market();
                JsonNode params = cmd.strategyParams() != null ? cmd.strategyParams() : current.strategyParams();
                Long start = cmd.rangeStart() != null ? cmd.rangeStart() : current.rangeStart();
                Long end = cmd.rangeEnd() != null ? cmd.rangeEnd() : current.rangeEnd();
                config = validConfiguration(current.type(), current.strategy(), market, params, start, end)
                        .flatMap(valid -> sessions.updateConfiguration(id, valid.market().symbol(), valid.params(), start, end))
                        .flatMap(rows -> rows == 1 ? Mono.empty() : Mono.error(new ConflictException(
                                "session was started meanwhile; its configuration can no longer change")))
                        .then();
                changed.put("market", market);
                changed.put("strategy_params", params);
                changed.put("range_start", start);
                changed.put("range_end", end);
            }
            String name = cmd.name() != null ? cmd.name().strip() : current.name();
            String notes = cmd.notes() != null ? emptyToNull(cmd.notes()) : current.notes();
            if (cmd.name() != null) {
                changed.put("name", name);
            }
            if (cmd.notes() != null) {
                changed.put("notes", notes);
            }
            return config
                    .then(cmd.name() != null ? nameNumberUsed(name) : Mono.<Void>empty())
                    .then(sessions.updateDetails(id, name, notes))
                    .then(changed.isEmpty() ? Mono.empty()
                            : sessions.insertEvent(id, SessionEventType.UPDATED, changed, now()))
                    .as(tx::transactional)
                    .then(announce(get(id), id, SessionChange.Kind.UPDATED));
        });
    }

    public Mono<Void> delete(String id) {
        if (!SessionIds.isCanonical(id)) {
            return Mono.error(NotFoundException.session(id));
        }
        return sessions.deleteUnlessRunning(id).flatMap(rows -> rows == 1
                ? runner.discard(id)
                        .onErrorResume(e -> {
                            log.warn("Session {} is deleted, but its files could not all be removed: {}", id, e.toString());
                            return Mono.empty();
                        })
                        .then(Mono.<Void>fromRunnable(() -> changes.publish(id, SessionChange.Kind.DELETED)))
                : get(id).flatMap(s -> Mono.error(new ConflictException(
                        "session is running; stop it before deleting it"))));
    }

    public Mono<Session> cloneSession(String id, CloneSession cmd) {
        return Mono.defer(() -> doClone(id, cmd));
    }

    private Mono<Session> doClone(String id, CloneSession cmd) {
        checkName(cmd.name());
        checkNotes(cmd.notes());
        return get(id).flatMap(parent -> {
            String market = cmd.market() != null ? cmd.market() : parent.market();
            Long start = cmd.rangeStart() != null ? cmd.rangeStart() : parent.rangeStart();
            Long end = cmd.rangeEnd() != null ? cmd.rangeEnd() : parent.rangeEnd();
            ObjectNode params = parent.strategyParams().deepCopy();
            if (cmd.strategyParams() != null) {
                if (!cmd.strategyParams().isObject()) {
                    return Mono.error(InvalidInputException.field("strategy_params", "must be a JSON object"));
                }
                cmd.strategyParams().properties().forEach(e -> params.set(e.getKey(), e.getValue()));
            }
            String name = cmd.name() != null && !cmd.name().isBlank() ? cmd.name().strip()
                    : truncate("Clone of " + (parent.name() == null ? parent.id() : parent.name()));
            String notes = cmd.notes() != null ? emptyToNull(cmd.notes()) : parent.notes();
            return validConfiguration(parent.type(), parent.strategy(), market, params, start, end)
                    .flatMap(config -> {
                        Session clone = newSession(name, parent.type(), config, parent.exchange(), start, end, parent.id(), notes);
                        return insert(nameNumberUsed(name).then(store(clone, SessionEventType.CLONED,
                                Map.of("cloned_from", parent.id(), "name", name))));
                    });
        });
    }

    /**
     * Re-runs a completed backtest that has a fingerprint: a clone (lineage kept, the full log,
     * {@code verifies} = the original, expecting its trades hash) that starts at once. When it
     * completes, its {@link Session#verification()} says whether its trades hash matched.
     */
    public Mono<Session> verify(String id) {
        return get(id).flatMap(original -> {
            if (original.type() != SessionType.BACKTEST) {
                return Mono.error(new ConflictException("session is a " + original.type().wire()
                        + " session; only a completed backtest can be re-run and verified"));
            }
            if (original.status() != SessionStatus.COMPLETED) {
                return Mono.error(new ConflictException("session is " + original.status().wire()
                        + "; only a completed backtest can be re-run and verified"));
            }
            String expected = original.tradesHash();
            if (expected == null) {
                return Mono.error(new ConflictException("session has no fingerprint (it completed before fingerprints were"
                        + " kept); clone it to run it again"));
            }
            String name = truncate("Verification of " + original.name());
            return validConfiguration(original.type(), original.strategy(), original.market(), original.strategyParams(),
                    original.rangeStart(), original.rangeEnd())
                    .flatMap(config -> {
                        Session run = withLog(newSession(name, original.type(), config, original.exchange(),
                                original.rangeStart(), original.rangeEnd(), original.id(), original.notes()), false,
                                original.id(), expected);
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("cloned_from", original.id());
                        data.put("name", name);
                        data.put("verifies", original.id());
                        return insert(store(run, SessionEventType.CLONED, data));
                    })
                    .flatMap(created -> start(created.id()));
        });
    }

    // ---------------------------------------------------------------- lifecycle

    public Mono<Session> start(String id) {
        return get(id).flatMap(s -> switch (s.status()) {
            case CREATED -> run(s, List.of(SessionStatus.CREATED), SessionEventType.STARTED);
            case RUNNING -> Mono.error(new ConflictException("session is already running"));
            default -> Mono.error(new ConflictException("session is " + s.status().wire()
                    + "; only a created session can be started (use restart)"));
        });
    }

    public Mono<Session> restart(String id) {
        return get(id).flatMap(s -> {
            Instant now = now();
            return switch (s.status()) {
                case STOPPED, FAILED -> run(s, List.of(s.status()), SessionEventType.RESTARTED);
                case RUNNING -> isStale(s, now)
                        ? runner.stop(id).then(run(s, List.of(SessionStatus.RUNNING), SessionEventType.RESTARTED))
                        : Mono.error(new ConflictException("session is running and healthy (last heartbeat "
                                + secondsSinceUpdate(s, now) + "s ago); only a stale running session can be restarted"));
                case CREATED -> Mono.error(new ConflictException("session has never run; start it instead"));
                case COMPLETED -> Mono.error(new ConflictException("session has completed; clone it to run it again"));
            };
        });
    }

    /**
     * running → stopped. A run of this process is stopped (its positions closed and stored); a
     * session whose run a server restart interrupted has what that run left ended instead
     * ({@link SessionRunner#endInterrupted}). Either way a stop that did not end cleanly keeps a
     * note saying what happened in the session's {@code error}.
     */
    public Mono<Session> stop(String id) {
        return get(id).flatMap(s -> {
            if (!s.isRunning()) {
                return Mono.error(new ConflictException("session is " + s.status().wire() + "; only a running session can be stopped"));
            }
            Mono<String> ended = runner.runs(id) ? runner.stop(id) : runner.endInterrupted(s, new Control(id));
            return ended
                    .onErrorResume(e -> {
                        log.warn("Runner did not stop session {} cleanly: {}", id, e.toString());
                        return Mono.just("the stop did not end cleanly: " + io.botdeck.error.Failures.reason(e));
                    })
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    // the run has ended: its status must follow, so a passing refusal of the database is tried again
                    .flatMap(note -> finish(id, SessionStatus.STOPPED, SessionEventType.STOPPED, note.orElse(null))
                            .retryWhen(reactor.util.retry.Retry.backoff(4, Duration.ofMillis(250))
                                    .onRetryExhaustedThrow((spec, signal) -> signal.failure())))
                    .then(get(id))
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.STATUS));
        });
    }

    /** Records a heartbeat of a running session; returns the new {@code last_updated}. */
    public Mono<Instant> heartbeat(String id) {
        if (!SessionIds.isCanonical(id)) {
            return Mono.error(NotFoundException.session(id));
        }
        Instant now = now();
        return sessions.heartbeat(id, now).flatMap(rows -> rows == 1
                ? Mono.just(now).doOnSuccess(v -> changes.publish(id, SessionChange.Kind.HEARTBEAT))
                : get(id).flatMap(s -> Mono.error(new ConflictException("session is " + s.status().wire()
                        + "; only running sessions send heartbeats"))));
    }

    private Mono<Session> run(Session s, List<SessionStatus> from, SessionEventType event) {
        Instant now = now();
        long thisProcess = ProcessHandle.current().pid();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", s.status().wire());
        data.put("to", SessionStatus.RUNNING.wire());
        Mono<Void> transition = sessions.markRunning(s.id(), from, now, thisProcess)
                .flatMap(rows -> rows == 1 ? sessions.insertEvent(s.id(), event, data, now)
                        : Mono.error(new ConflictException("session changed state meanwhile; try again")))
                .as(tx::transactional);
        return transition
                .then(get(s.id()))
                .flatMap(running -> runner.start(running, new Control(s.id()))
                        .flatMap(pid -> pid == thisProcess ? Mono.<Void>empty() : sessions.updatePid(s.id(), pid).then())
                        .onErrorResume(e -> {
                            log.warn("Session {} could not be started: {}", s.id(), e.toString());
                            return finish(s.id(), SessionStatus.FAILED, SessionEventType.FAILED,
                                    "could not start: " + io.botdeck.error.Failures.reason(e)).then();
                        })
                        .then(get(s.id())))
                .doOnSuccess(v -> changes.publish(s.id(), SessionChange.Kind.STATUS));
    }

    /** running → {@code to}; no-op (false) when the session is no longer running. */
    private Mono<Boolean> finish(String id, SessionStatus to, SessionEventType event, String error) {
        Instant now = now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", SessionStatus.RUNNING.wire());
        data.put("to", to.wire());
        if (error != null) {
            data.put("error", error);
        }
        return sessions.markFinished(id, to, now, error)
                .flatMap(rows -> rows == 1 ? sessions.insertEvent(id, event, data, now).thenReturn(true) : Mono.just(false))
                .as(tx::transactional);
    }

    /**
     * Retries a run's final status write while the database is unreachable (backing off to one try
     * every {@link #STORAGE_RETRY_CAP}), for at most {@link #STORAGE_RETRY_FOR}; any other refusal ends at once.
     */
    private static Retry untilStorageAnswers() {
        long deadline = System.nanoTime() + STORAGE_RETRY_FOR.toNanos();
        return Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(STORAGE_RETRY_CAP)
                .filter(e -> StorageUnavailable.is(e) && System.nanoTime() < deadline)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /** A run's line back to this service. */
    private final class Control implements RunControl {
        private final String id;

        Control(String id) {
            this.id = id;
        }

        @Override
        public Mono<Void> heartbeat() {
            return liveRows.heartbeat(id)
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.HEARTBEAT));
        }

        @Override
        public Mono<Void> completed(ObjectNode fingerprint) {
            String kept = fingerprint == null ? null : fingerprint.toString();
            return Mono.defer(() -> (kept == null ? Mono.<Long>empty() : sessions.updateFingerprint(id, kept))
                            .then(finish(id, SessionStatus.COMPLETED, SessionEventType.COMPLETED, null))
                            .as(tx::transactional))
                    .retryWhen(untilStorageAnswers()).then()
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.STATUS));
        }

        @Override
        public Mono<Void> results(int tradeCount, java.math.BigDecimal totalPnl, java.math.BigDecimal winRate,
                                  java.math.BigDecimal maxDrawdown) {
            return liveRows.results(id, tradeCount, totalPnl, winRate, maxDrawdown)
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.RESULTS));
        }

        @Override
        public Mono<Void> progress(Long done, Long total, long dataPoints) {
            return liveRows.progress(id, done, total, dataPoints)
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.RESULTS));
        }

        @Override
        public Mono<Void> files(String tradesFile, String logsFile) {
            return sessions.updateFiles(id, tradesFile, logsFile).then();
        }

        @Override
        public Mono<Void> events(SessionEventType type, List<Map<String, ?>> data) {
            return sessions.insertEvents(id, type, data, now());
        }

        @Override
        public Mono<Void> tradeEvents(List<Integer> tradeNos) {
            return sessions.insertTradeEvents(id, tradeNos, now());
        }

        @Override
        public Mono<Void> failed(String message) {
            String kept = message == null || message.isBlank() ? "run failed" : message;
            // the run has ended: its end is written once the database takes it again, so the
            // session does not stay running because the database was away when the run failed
            return Mono.defer(() -> {
                        Instant now = now();
                        return sessions.insertEvent(id, SessionEventType.ERROR, Map.of("message", kept), now)
                                .then(finish(id, SessionStatus.FAILED, SessionEventType.FAILED, kept));
                    })
                    .retryWhen(untilStorageAnswers()).then()
                    .doOnSuccess(v -> changes.publish(id, SessionChange.Kind.STATUS));
        }

        @Override
        public StorageStatus.Writer storage(java.util.function.LongSupplier backlog) {
            return storage.register(true, backlog);
        }
    }

    // ---------------------------------------------------------------- validation

    /** A configuration that passed every rule: strategy, market, params, range. */
    private record ValidConfig(Strategy strategy, Market market, ObjectNode params) {
    }

    private Mono<ValidConfig> validConfiguration(SessionType type, String strategyId, String marketSymbol,
                                                 JsonNode params, Long rangeStart, Long rangeEnd) {
        checkRange(type, rangeStart, rangeEnd);
        return strategies.forSession(strategyId).flatMap(strategy -> {
            if (!strategy.supports(type)) {
                return Mono.error(InvalidInputException.field("type", strategy.id() + " does not run " + type.wire()
                        + " sessions; it supports " + String.join(", ", strategy.supportedTypes().stream().map(SessionType::wire).toList())));
            }
            return markets.forSession(marketSymbol).flatMap(market -> {
                if (!strategy.supportsMarket(market.symbol())) {
                    return Mono.error(InvalidInputException.field("market", strategy.id() + " does not trade " + market.symbol()
                            + "; it supports " + String.join(", ", strategy.supportedMarkets())));
                }
                if (strategy.supportedMarkets().contains(Strategy.ANY_MARKET) && market.kind() == Market.MarketKind.PAIR) {
                    return Mono.error(InvalidInputException.field("market", strategy.id() + " runs on single markets, not the pair "
                            + market.symbol()));
                }
                return Mono.fromCallable(() -> new ValidConfig(strategy, market, strategies.resolveParams(strategy, params)));
            });
        });
    }

    private void checkRange(SessionType type, Long start, Long end) {
        if (type != SessionType.BACKTEST) {
            if (start != null || end != null) {
                throw InvalidInputException.field(start != null ? "range_start" : "range_end",
                        "only backtests have a time range");
            }
            return;
        }
        Map<String, String> missing = new LinkedHashMap<>();
        if (start == null) {
            missing.put("range_start", "required for a backtest (unix seconds)");
        }
        if (end == null) {
            missing.put("range_end", "required for a backtest (unix seconds)");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("a backtest needs " + String.join(" and ", missing.keySet()), missing);
        }
        if (start < 0) {
            throw InvalidInputException.field("range_start", "must not be negative");
        }
        if (start >= end) {
            throw InvalidInputException.field("range_end", "must be after range_start");
        }
        if (end > now().getEpochSecond()) {
            throw InvalidInputException.field("range_end", "is in the future; a backtest replays the past");
        }
    }

    private static void requireNonNull(String field, Object value) {
        if (value == null) {
            throw InvalidInputException.field(field, "is required");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw InvalidInputException.field(field, "is required");
        }
    }

    private static void checkName(String name) {
        if (name != null && name.length() > SessionCommands.MAX_NAME_LENGTH) {
            throw InvalidInputException.field("name", "is " + name.length() + " characters; at most "
                    + SessionCommands.MAX_NAME_LENGTH + " allowed");
        }
    }

    private static void checkNotes(String notes) {
        if (notes != null && notes.length() > SessionCommands.MAX_NOTES_LENGTH) {
            throw InvalidInputException.field("notes", "is " + notes.length() + " characters; at most "
                    + SessionCommands.MAX_NOTES_LENGTH + " allowed");
        }
    }

    // ---------------------------------------------------------------- helpers

    private Session newSession(String name, SessionType type, ValidConfig config, String exchange,
                               Long rangeStart, Long rangeEnd, String clonedFrom, String notes) {
        return newSession(name, type, config, exchange, rangeStart, rangeEnd, clonedFrom, notes, null);
    }

    private Session newSession(String name, SessionType type, ValidConfig config, String exchange,
                               Long rangeStart, Long rangeEnd, String clonedFrom, String notes, String sweepId) {
        return new Session(UUID.randomUUID().toString(), name, type, config.market().symbol(), exchange,
                config.strategy().id(), config.params(), rangeStart, rangeEnd, SessionStatus.CREATED, null,
                now(), null, null, null, 0, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
                java.math.BigDecimal.ZERO, null, null, clonedFrom, notes, null, null, null, 0, sweepId, null, false, null, null);
    }

    /** The session with its log kind and, for a verification run, what it re-runs and expects. */
    private static Session withLog(Session s, boolean leanLog, String verifies, String expectedTradesHash) {
        return new Session(s.id(), s.name(), s.type(), s.market(), s.exchange(), s.strategy(), s.strategyParams(), s.rangeStart(),
                s.rangeEnd(), s.status(), s.pid(), s.createdAt(), s.startedAt(), s.stoppedAt(), s.lastUpdated(), s.tradeCount(),
                s.totalPnl(), s.winRate(), s.maxDrawdown(), s.tradesFile(), s.logsFile(), s.clonedFrom(), s.notes(),
                s.errorMessage(), s.progressDone(), s.progressTotal(), s.dataPoints(), s.sweepId(), null, leanLog, verifies,
                expectedTradesHash);
    }

    /** Stores a new session in one transaction (its name included), then announces it. */
    private Mono<Session> insert(Mono<Session> stored) {
        return stored.as(tx::transactional)
                .flatMap(session -> announce(get(session.id()), session.id(), SessionChange.Kind.CREATED));
    }

    private Mono<Session> store(Session session, SessionEventType event, Map<String, ?> data) {
        return sessions.insert(session)
                .then(sessions.insertEvent(session.id(), event, data, session.createdAt()))
                .thenReturn(session);
    }

    private static final Pattern NUMBERED = Pattern.compile("(.* #)(\\d{1,9})");

    /**
     * "BTC Test #3": market label, type, and the next number of that prefix's counter (one
     * locked row, kept in the database), in a short transaction of its own.
     */
    private Mono<String> nameOrGenerated(String name, Market market, SessionType type) {
        if (name != null && !name.isBlank()) {
            String given = name.strip();
            return nameNumberUsed(given).thenReturn(given);
        }
        String prefix = market.label() + " " + switch (type) {
            case TEST -> "Test";
            case BACKTEST -> "Backtest";
            case SCRAPER -> "Scraper";
        } + " #";
        // the counter's step and the read of its result on one connection; a given name needs
        // at most one statement and no transaction
        return sessions.nextNameNumber(prefix).as(tx::transactional).map(n -> prefix + n);
    }

    /** A name like "BTC Test #7" given by hand moves its prefix's counter past 7, so no later generated name repeats it. */
    private Mono<Void> nameNumberUsed(String name) {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() ? sessions.nameNumberUsed(m.group(1), Integer.parseInt(m.group(2))) : Mono.empty();
    }

    private static String truncate(String name) {
        return name.length() <= SessionCommands.MAX_NAME_LENGTH ? name : name.substring(0, SessionCommands.MAX_NAME_LENGTH);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
