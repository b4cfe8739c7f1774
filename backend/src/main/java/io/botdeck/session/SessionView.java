package io.botdeck.session;

import static io.botdeck.web.Decimals.plain;

import java.math.BigDecimal;

import io.botdeck.config.Sql;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.ObjectNode;

/** REST shape of a session, as the plan writes it: snake_case, unix seconds, plain numbers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionView(
        String id,
        String name,
        String type,
        String market,
        String exchange,
        String strategy,
        ObjectNode strategyParams,
        Long rangeStart,
        Long rangeEnd,
        String status,
        Integer pid,
        Long createdAt,
        Long startedAt,
        Long stoppedAt,
        Long lastUpdated,
        int tradeCount,
        BigDecimal totalPnl,
        BigDecimal winRate,
        BigDecimal maxDrawdown,
        String tradesFile,
        String logsFile,
        String clonedFrom,
        String notes,
        String error,
        Long progressDone,
        Long progressTotal,
        long dataPoints,
        String sweepId,
        ObjectNode fingerprint,
        boolean leanLog,
        VerificationView verification) {

    /** A verification run's verdict: {@code matched} is null while it runs or when it did not complete. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record VerificationView(String of, Boolean matched, String expectedTradesHash, String tradesHash) {

        static VerificationView of(Session.Verification v) {
            return v == null ? null : new VerificationView(v.of(), v.matched(), v.expectedTradesHash(), v.tradesHash());
        }
    }

    public static SessionView of(Session s) {
        return new SessionView(s.id(), s.name(), s.type().wire(), s.market(), s.exchange(), s.strategy(),
                s.strategyParams(), s.rangeStart(), s.rangeEnd(), s.status().wire(), s.pid(),
                Sql.epochSeconds(s.createdAt()), Sql.epochSeconds(s.startedAt()), Sql.epochSeconds(s.stoppedAt()),
                Sql.epochSeconds(s.lastUpdated()), s.tradeCount(), plain(s.totalPnl()), plain(s.winRate()),
                plain(s.maxDrawdown()), s.tradesFile(), s.logsFile(), s.clonedFrom(), s.notes(), s.errorMessage(),
                s.progressDone(), s.progressTotal(), s.dataPoints(), s.sweepId(), s.fingerprint(), s.leanLog(),
                VerificationView.of(s.verification()));
    }

}
