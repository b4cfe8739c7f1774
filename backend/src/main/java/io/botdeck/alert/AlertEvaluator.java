package io.botdeck.alert;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.error.NotFoundException;
import io.botdeck.events.SessionLogs;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.session.Session;
import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionChanges;
import io.botdeck.session.SessionService;
import io.botdeck.session.SessionStatus;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches sessions against the rules and opens and resolves episodes. It only observes: status
 * changes arrive on {@link SessionChanges} (failed, finished, restarted, deleted), error lines
 * through a tap on the session logs, and a light periodic pass (one query of the running sessions)
 * checks what depends on time and results: stale, drawdown, loss, no trade, error rate. The same
 * pass catches up on failed and finished sessions whose change it did not see (the server was down,
 * the database away when the change came, or another writer ended them): it reads the sessions that
 * ended since its last pass and opens what no alert was raised for. All work
 * runs one item at a time, so the state below needs no locks; a transition is kept in memory only
 * after the database holds it.
 */
@Component
public class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    private static final Object TICK = new Object();

    private final AlertRepository repo;
    private final SessionService sessions;
    private final MetricsStore metrics;
    private final SessionChanges changes;
    private final SessionLogs logs;
    private final AlertEvents events;
    private final AlertProperties settings;
    private final OutboxDispatcher dispatcher;
    private final TransactionalOperator tx;
    private final Clock clock;

    private List<AlertRule> rules = List.of();
    private long loadedVersion = -1;
    private Map<String, Instant> mutes = Map.of();
    /** Unresolved episodes by rule id / session id. */
    private final Map<String, Alert> open = new HashMap<>();
    /** Per running session: the trade count last seen and since when (epoch ms). */
    private final Map<String, long[]> trades = new HashMap<>();
    private final Map<String, ErrorWindow> errors = new ConcurrentHashMap<>();
    private Instant watchingSince;
    /** Sessions that ended before this were looked at by a catch-up (null before the first). */
    private Instant caughtUpTo;
    private Disposable work;
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();

    public AlertEvaluator(AlertRepository repo, SessionService sessions, MetricsStore metrics, SessionChanges changes, SessionLogs logs,
                          AlertEvents events, AlertProperties settings, OutboxDispatcher dispatcher,
                          TransactionalOperator tx, Clock clock) {
        this.repo = repo;
        this.sessions = sessions;
        this.metrics = metrics;
        this.changes = changes;
        this.logs = logs;
        this.events = events;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.clock = clock;
    }

    /** Starts once the application is ready (its tables migrated). */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        watchingSince = clock.instant();
        logs.tapErrorLines((sessionId, count) ->
                errors.computeIfAbsent(sessionId, id -> new ErrorWindow()).add(System.currentTimeMillis() / 1000, count));
        Flux<Object> ticks = Flux.interval(settings.evaluateEvery(), settings.evaluateEvery()).onBackpressureDrop().map(t -> TICK);
        Flux<Object> statusChanges = changes.stream()
                .filter(c -> c.kind() == SessionChange.Kind.STATUS || c.kind() == SessionChange.Kind.DELETED)
                .cast(Object.class);
        work = loadOpen()
                .thenMany(Flux.merge(ticks, statusChanges))
                .concatMap(item -> handle(item).onErrorResume(e -> {
                    log.warn("Alert evaluation failed (retried on the next pass): {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (work != null) {
            work.dispose();
        }
    }

    private Mono<Void> loadOpen() {
        return repo.findUnresolved()
                .doOnNext(a -> open.put(key(a.ruleId(), a.sessionId()), a))
                .then()
                .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, java.time.Duration.ofSeconds(1))
                        .maxBackoff(java.time.Duration.ofSeconds(10)))
                .onErrorResume(e -> Mono.empty());
    }

    private Mono<Void> handle(Object item) {
        return refreshConfig().then(Mono.defer(() -> item == TICK ? tick().then(Mono.defer(this::catchUp)) : change((SessionChange) item)))
                .doFinally(s -> {
                    if (item == TICK) {
                        passes.incrementAndGet();
                    }
                });
    }

    /** Periodic passes finished so far (whatever their outcome). */
    long passes() {
        return passes.get();
    }

    private Mono<Void> refreshConfig() {
        long version = events.configVersion();
        if (version == loadedVersion) {
            return Mono.empty();
        }
        return Mono.zip(repo.findRules().collectList(), repo.findMutes(clock.instant()))
                .doOnNext(t -> {
                    rules = t.getT1();
                    mutes = t.getT2();
                    loadedVersion = version;
                })
                .then();
    }

    // ------------------------------------------------------------------ the periodic pass

    private Mono<Void> tick() {
        Instant now = clock.instant();
        List<AlertRule> periodic = rules.stream().filter(r -> r.enabled() && r.kind().periodic()).toList();
        boolean anyOpenPeriodic = open.values().stream().anyMatch(a -> a.kind().periodic());
        Transitions t = new Transitions();
        closeOrphans(t);
        if (periodic.isEmpty() && !anyOpenPeriodic) {
            trades.clear();
            errors.clear();
            return persist(t, now);
        }
        return sessions.running().collectList().flatMap(running -> {
            Map<String, Session> byId = new HashMap<>();
            running.forEach(s -> byId.put(s.id(), s));
            trackTrades(running, now);
            for (AlertRule r : periodic) {
                for (Session s : running) {
                    if (!r.scope().matches(s)) {
                        continue;
                    }
                    String detail = condition(r, s, now);
                    Alert current = open.get(key(r.id(), s.id()));
                    if (detail != null && current == null) {
                        t.open(r, s, detail, now);
                    } else if (detail == null && current != null) {
                        t.resolve(current, true);
                    }
                }
            }
            // episodes whose session stopped running or left the rule's scope
            for (Alert a : open.values()) {
                if (!a.kind().periodic() || t.resolving(a)) {
                    continue;
                }
                Session s = byId.get(a.sessionId());
                AlertRule r = ruleOf(a.ruleId());
                if (r != null && (s == null || !r.scope().matches(s))) {
                    t.resolve(a, true);
                }
            }
            errors.keySet().retainAll(byId.keySet());
            return persist(t, now);
        });
    }

    /** Episodes of a rule deleted or switched off end without a message. */
    private void closeOrphans(Transitions t) {
        for (Alert a : open.values()) {
            AlertRule r = ruleOf(a.ruleId());
            if (r == null || !r.enabled()) {
                t.resolve(a, false);
            }
        }
    }

    private void trackTrades(List<Session> running, Instant now) {
        Set<String> ids = new HashSet<>();
        long since = watchingSince.toEpochMilli();
        for (Session s : running) {
            ids.add(s.id());
            long[] seen = trades.get(s.id());
            if (seen == null) {
                long from = Math.max(since, s.startedAt() == null ? since : s.startedAt().toEpochMilli());
                trades.put(s.id(), new long[] {s.tradeCount(), from});
            } else if (seen[0] != s.tradeCount()) {
                seen[0] = s.tradeCount();
                seen[1] = now.toEpochMilli();
            }
        }
        trades.keySet().retainAll(ids);
    }

    /** What is wrong with {@code s} under {@code r} now, or null when the condition does not hold. */
    String condition(AlertRule r, Session s, Instant now) {
        BigDecimal limit = r.threshold();
        switch (r.kind()) {
            case STALE -> {
                long age = sessions.secondsSinceUpdate(s, now);
                return age > limit.longValue() ? "no heartbeat for " + age + " s (limit " + limit.longValue() + " s)" : null;
            }
            case DRAWDOWN -> {
                // the drawdown now never exceeds the max drawdown, so only a session past the limit
                // at some point costs a look at its curve
                BigDecimal max = s.maxDrawdown();
                if (max == null || max.compareTo(limit) <= 0) {
                    return null;
                }
                BigDecimal dd = metrics.currentDrawdown(s.id()).orElse(null);
                return dd != null && dd.compareTo(limit) > 0
                        ? "drawdown " + dd.stripTrailingZeros().toPlainString() + "% below peak equity (limit "
                        + limit.stripTrailingZeros().toPlainString() + "%; max so far " + max.stripTrailingZeros().toPlainString()
                        + "%)" : null;
            }
            case LOSS -> {
                BigDecimal pnl = s.totalPnl();
                return pnl != null && pnl.compareTo(limit.negate()) < 0
                        ? "PnL " + pnl.stripTrailingZeros().toPlainString() + " USD (limit -"
                        + limit.stripTrailingZeros().toPlainString() + ")" : null;
            }
            case NO_TRADE -> {
                long[] seen = trades.get(s.id());
                if (seen == null) {
                    return null;
                }
                long quiet = (now.toEpochMilli() - seen[1]) / 1000;
                return quiet > limit.longValue() ? "no trade for " + quiet + " s (limit " + limit.longValue() + " s)" : null;
            }
            case ERROR_RATE -> {
                ErrorWindow w = errors.get(s.id());
                long n = w == null ? 0 : w.lastMinute(now.getEpochSecond());
                return n >= limit.longValue() ? n + " error lines in the last minute (limit " + limit.longValue() + ")" : null;
            }
            default -> {
                return null;
            }
        }
    }

    // ------------------------------------------------------------------ status changes

    private Mono<Void> change(SessionChange c) {
        Instant now = clock.instant();
        if (c.kind() == SessionChange.Kind.DELETED) {
            Transitions t = new Transitions();
            open.values().stream().filter(a -> a.sessionId().equals(c.sessionId()))
                    .forEach(a -> t.resolve(a, a.kind().sendsResolved()));
            return persist(t, now);
        }
        return sessions.get(c.sessionId())
                .flatMap(s -> {
                    Transitions t = new Transitions();
                    if (s.status() == SessionStatus.FAILED) {
                        openFor(t, s, AlertKind.FAILED, statusDetail(s), now);
                    } else if (s.status() == SessionStatus.COMPLETED) {
                        openFor(t, s, AlertKind.SESSION_FINISHED, statusDetail(s), now);
                    } else if (s.status() == SessionStatus.RUNNING) {
                        open.values().stream().filter(a -> a.sessionId().equals(s.id()))
                                .filter(a -> a.kind() == AlertKind.FAILED || a.kind() == AlertKind.SESSION_FINISHED)
                                .forEach(a -> t.resolve(a, a.kind().sendsResolved()));
                    }
                    return persist(t, now);
                })
                .onErrorResume(NotFoundException.class, e -> Mono.empty());
    }

    /** Sessions read per catch-up pass; more wait for the next pass. */
    static final int CATCH_UP_PAGE = 500;
    /** A session's end is stored to the second and may commit a moment after it is dated: each pass looks this far back again. */
    private static final java.time.Duration CATCH_UP_OVERLAP = java.time.Duration.ofSeconds(5);

    /**
     * Opens the failed and finished episodes of sessions that ended since the last pass and raised
     * none: an alert of the rule for the session that started at or after its end means it was seen.
     * The first pass looks back {@code botdeck.alerts.catch-up}; a rule only covers sessions that
     * ended after it was made, as it would have had it seen them.
     */
    private Mono<Void> catchUp() {
        Instant now = clock.instant();
        List<AlertRule> statusRules = rules.stream()
                .filter(r -> r.enabled() && (r.kind() == AlertKind.FAILED || r.kind() == AlertKind.SESSION_FINISHED)).toList();
        if (statusRules.isEmpty()) {
            caughtUpTo = now;
            return Mono.empty();
        }
        Instant since = caughtUpTo == null ? now.minus(settings.catchUp()) : caughtUpTo.minus(CATCH_UP_OVERLAP);
        return sessions.endedSince(since, CATCH_UP_PAGE).collectList().flatMap(ended -> {
            if (ended.isEmpty()) {
                caughtUpTo = now;
                return Mono.empty();
            }
            Instant earliest = ended.get(0).stoppedAt().minusSeconds(1);
            return repo.findStartedSince(ended.stream().map(Session::id).toList(), earliest).collectList().flatMap(seen -> {
                Transitions t = new Transitions();
                for (Session s : ended) {
                    AlertKind kind = s.status() == SessionStatus.FAILED ? AlertKind.FAILED : AlertKind.SESSION_FINISHED;
                    for (AlertRule r : statusRules) {
                        if (r.kind() == kind && r.scope().matches(s) && !open.containsKey(key(r.id(), s.id()))
                                && (r.createdAt() == null || !r.createdAt().isAfter(s.stoppedAt()))
                                && seen.stream().noneMatch(a -> a.ruleId().equals(r.id()) && a.sessionId().equals(s.id())
                                        && !a.startedAt().isBefore(s.stoppedAt().minusSeconds(1)))) {
                            t.open(r, s, statusDetail(s) + " (at " + s.stoppedAt() + ", seen late)", now);
                        }
                    }
                }
                // a full page: the next pass goes on from the last end read (read again: a second holds many)
                Instant next = ended.size() == CATCH_UP_PAGE ? ended.get(ended.size() - 1).stoppedAt().plus(CATCH_UP_OVERLAP) : now;
                return persist(t, now).then(Mono.fromRunnable(() -> caughtUpTo = next.isAfter(now) ? now : next));
            });
        });
    }

    /** What a failed or finished episode says about its session. */
    private static String statusDetail(Session s) {
        return s.status() == SessionStatus.FAILED
                ? "failed: " + (s.errorMessage() == null ? "no reason given" : s.errorMessage())
                : "finished: " + s.tradeCount() + " trades, PnL "
                        + (s.totalPnl() == null ? "0" : s.totalPnl().stripTrailingZeros().toPlainString()) + " USD";
    }

    private void openFor(Transitions t, Session s, AlertKind kind, String detail, Instant now) {
        for (AlertRule r : rules) {
            if (r.enabled() && r.kind() == kind && r.scope().matches(s) && !open.containsKey(key(r.id(), s.id()))) {
                t.open(r, s, detail, now);
            }
        }
    }

    // ------------------------------------------------------------------ storing transitions

    private final class Transitions {
        final List<Alert> opened = new ArrayList<>();
        final Map<String, List<String>> notify = new HashMap<>();
        final List<Alert> resolvedLoud = new ArrayList<>();
        final List<Alert> resolvedQuiet = new ArrayList<>();
        final Set<String> resolvingIds = new HashSet<>();

        void open(AlertRule r, Session s, String detail, Instant now) {
            Alert a = new Alert(UUID.randomUUID().toString(), r.id(), r.name(), r.kind(), s.id(), s.name(),
                    s.type().wire(), s.market(), s.strategy(), detail.length() > 500 ? detail.substring(0, 499) + "…" : detail,
                    now, null, null);
            opened.add(a);
            Instant sessionMute = mutes.get(s.id());
            boolean muted = r.mutedAt(now) || (sessionMute != null && sessionMute.isAfter(now));
            notify.put(a.id(), muted ? List.of() : r.channels());
        }

        void resolve(Alert a, boolean loud) {
            if (resolvingIds.add(a.id())) {
                (loud ? resolvedLoud : resolvedQuiet).add(a);
            }
        }

        boolean resolving(Alert a) {
            return resolvingIds.contains(a.id());
        }

        boolean isEmpty() {
            return opened.isEmpty() && resolvingIds.isEmpty();
        }
    }

    private Mono<Void> persist(Transitions t, Instant now) {
        if (t.isEmpty()) {
            return Mono.empty();
        }
        Instant due = now.plus(settings.groupWindow());
        Mono<Void> writes = repo.insertOpened(t.opened, t.notify, due)
                .then(repo.resolve(t.resolvedLoud.stream().map(Alert::id).toList(), now, true, due))
                .then(repo.resolve(t.resolvedQuiet.stream().map(Alert::id).toList(), now, false, due));
        return writes.as(tx::transactional).then(Mono.fromRunnable(() -> {
            for (Alert a : t.opened) {
                open.put(key(a.ruleId(), a.sessionId()), a);
                events.publish(a);
            }
            for (Alert a : concat(t.resolvedLoud, t.resolvedQuiet)) {
                open.remove(key(a.ruleId(), a.sessionId()));
                events.publish(a.resolved(now));
            }
            dispatcher.wake();
        }));
    }

    private static List<Alert> concat(List<Alert> a, List<Alert> b) {
        List<Alert> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private AlertRule ruleOf(String id) {
        for (AlertRule r : rules) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    private static String key(String ruleId, String sessionId) {
        return ruleId + "/" + sessionId;
    }

    /** Error lines of one session per second over the last minute. */
    static final class ErrorWindow {
        private final long[] seconds = new long[60];
        private final int[] counts = new int[60];

        synchronized void add(long second, int n) {
            int i = (int) (second % 60);
            if (seconds[i] != second) {
                seconds[i] = second;
                counts[i] = 0;
            }
            counts[i] += n;
        }

        /** Lines in the 60 seconds up to and including {@code now}. */
        synchronized long lastMinute(long now) {
            long sum = 0;
            for (int i = 0; i < 60; i++) {
                if (seconds[i] > now - 60 && seconds[i] <= now) {
                    sum += counts[i];
                }
            }
            return sum;
        }
    }
}
