package io.botdeck.metrics;

import java.math.BigDecimal;

/**
 * Performance of a session at one moment (see {@link MetricEngine} for every definition). Money
 * is in USD, exact; nullable fields are null when undefined for the trades so far.
 *
 * @param tradeCount             closed trades (each leg of a pair trade counts as one)
 * @param wins                   trades with net PnL &gt; 0
 * @param losses                 trades with net PnL &lt; 0 (break-even trades are neither)
 * @param totalPnl               sum of net PnL
 * @param winRate                wins / tradeCount × 100, 2 decimals (0.00 without trades)
 * @param maxDrawdown            largest fall of equity below its running peak, percent of that peak, 4 decimals, ≥ 0
 * @param sharpe                 annualised Sharpe ratio of per-trade returns, 4 decimals, or null
 * @param sortino                annualised Sortino ratio of per-trade returns, 4 decimals, or null
 * @param annualisation          how sharpe and sortino are computed and annualised
 * @param profitFactor           grossProfit / grossLoss, 4 decimals; null when there is no loss
 * @param expectancy             totalPnl / tradeCount (average net PnL per trade), 8 decimals; null without trades
 * @param averageWin             grossProfit / wins, 8 decimals, positive; null without wins
 * @param averageLoss            grossLoss / losses, 8 decimals, a positive magnitude; null without losses
 * @param averageDurationSeconds mean holding time, seconds, 3 decimals; null without trades
 * @param bestTrade              largest net PnL; null without trades
 * @param worstTrade             smallest net PnL; null without trades
 * @param grossProfit            sum of the net PnL of winning trades, ≥ 0
 * @param grossLoss              minus the sum of the net PnL of losing trades, a positive magnitude
 * @param totalFees              fees paid, included in the PnL figures above
 * @param startingEquity         equity before the first trade
 * @param equity                 startingEquity + totalPnl
 */
public record Metrics(
        int tradeCount,
        int wins,
        int losses,
        BigDecimal totalPnl,
        BigDecimal winRate,
        BigDecimal maxDrawdown,
        BigDecimal sharpe,
        BigDecimal sortino,
        String annualisation,
        BigDecimal profitFactor,
        BigDecimal expectancy,
        BigDecimal averageWin,
        BigDecimal averageLoss,
        BigDecimal averageDurationSeconds,
        BigDecimal bestTrade,
        BigDecimal worstTrade,
        BigDecimal grossProfit,
        BigDecimal grossLoss,
        BigDecimal totalFees,
        BigDecimal startingEquity,
        BigDecimal equity) {
}
