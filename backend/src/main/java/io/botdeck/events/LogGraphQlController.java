package io.botdeck.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.botdeck.core.LogLevel;
import io.botdeck.core.Side;
import io.botdeck.graphql.BacktestProgress;
import io.botdeck.session.Session;
import io.botdeck.web.QueryParams;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * GraphQL adapter of {@link LogService}: the {@code sessionLogs} subscription (tick by tick,
 * resumable with {@code afterSequence}), its batched twin {@code sessionLogBatches}, and a
 * session's past {@code logs}. Each subscriber reads
 * through its own bounded buffer, so a slow one gets the newest lines and a {@code MISSED}
 * entry, and never slows the bot.
 */
@Controller
public class LogGraphQlController {

    /** Lines a subscriber's hop holds at most; beyond it the reader's own bounded buffer applies. */
    static final int PREFETCH = 256;

    private final LogService logs;
    /** Each line made into a {@code LogEntry} once for all subscribers of its session. */
    private final LineForms<LogLine> lines = new LineForms<>(LogLine::of);

    public LogGraphQlController(LogService logs) {
        this.logs = logs;
    }

    /** {@code LogEntry}. */
    public record LogLine(Long sequence, Instant timestamp, LogEntry.Kind kind, LogLevel level, String message,
                          LogTrade trade, BacktestProgress progress, Long missed) {

        public static LogLine of(LogEntry e) {
            return new LogLine(
                    e.seq() > 0 ? e.seq() : null,
                    Instant.ofEpochMilli(e.timeMillis()),
                    e.kind(),
                    e.level(),
                    e.message(),
                    e.trade() == null ? null : LogTrade.of(e.trade()),
                    e.kind() == LogEntry.Kind.PROGRESS ? progress(e.data()) : null,
                    e.kind() == LogEntry.Kind.MISSED ? number(e.data().get("missed")) : null);
        }

        private static BacktestProgress progress(Map<String, Object> data) {
            Long done = number(data.get("done"));
            Long total = number(data.get("total"));
            return done == null || total == null ? null : BacktestProgress.of(done, total);
        }
    }

    /** {@code LogTrade}: what a trade line's details say. */
    public record LogTrade(String action, Integer tradeNo, Integer groupNo, String market, Side side, BigDecimal size,
                           BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal pnl, String exitReason) {

        static LogTrade of(TradeLine t) {
            return new LogTrade(t.action().name(), t.tradeNo(), t.groupNo(), t.market(), t.side(), BigDecimal.valueOf(t.size()),
                    t.entryPrice(), t.exitPrice(), t.pnl(), t.exitReason());
        }
    }

    @SubscriptionMapping
    public Flux<LogLine> sessionLogs(@Argument String sessionId, @Argument List<LogLevel> levels,
                                     @Argument Long afterSequence, @Argument Integer tail) {
        int lines = tailOf(tail, 0, afterSequence);
        // graphql-java asks for the next event from inside the delivery of the previous one; the hop
        // keeps those requests off the reader's emitting thread, so the reader never re-enters itself
        return this.lines.reading(sessionId, forms -> logs.follow(sessionId, afterSequence, lines, levelSet(levels))
                .publishOn(logs.delivery(), PREFETCH)
                .map(forms::of));
    }

    /**
     * The lines of {@link #sessionLogs} in lists: one graphql-java execution and one message per
     * list instead of per line. The hop asks for one list at a time, so while a list is being
     * executed and sent the next lines gather in the reader's queue and leave together.
     */
    @SubscriptionMapping
    public Flux<List<LogLine>> sessionLogBatches(@Argument String sessionId, @Argument List<LogLevel> levels,
                                                 @Argument Long afterSequence, @Argument Integer tail) {
        int lines = tailOf(tail, 0, afterSequence);
        return this.lines.reading(sessionId, forms -> logs.followBatches(sessionId, afterSequence, lines, levelSet(levels))
                .publishOn(logs.delivery(), 1)
                .map(batch -> batch.stream().map(forms::of).toList()));
    }

    @SchemaMapping(typeName = "Session")
    public Mono<List<LogLine>> logs(Session session, @Argument Integer tail, @Argument Long afterSequence,
                                    @Argument List<LogLevel> levels) {
        return Mono.defer(() -> {
            int lines = tailOf(tail, 1, afterSequence);
            return logs.read(session.id(), afterSequence, lines, levelSet(levels))
                    .map(list -> list.stream().map(LogLine::of).toList());
        });
    }

    @SchemaMapping(typeName = "Session")
    public Mono<Long> lastLogSequence(Session session) {
        return Mono.fromCallable(() -> logs.lastSeq(session.id())).subscribeOn(Schedulers.boundedElastic());
    }

    /** The {@code tail} argument within {@code min}..10,000 (200 when omitted); refuses a negative {@code afterSequence}. */
    private static int tailOf(Integer tail, int min, Long afterSequence) {
        QueryParams.wholeNumber("afterSequence", afterSequence, null, 0, Long.MAX_VALUE);
        return QueryParams.size("tail", tail, 200, min, LogService.MAX_TAIL);
    }

    private static Set<LogLevel> levelSet(List<LogLevel> levels) {
        return levels == null || levels.isEmpty() ? EnumSet.allOf(LogLevel.class) : EnumSet.copyOf(levels);
    }

    private static Long number(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
