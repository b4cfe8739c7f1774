package io.botdeck.engine.strategy;

import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.MarketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import org.junit.jupiter.api.Test;

/**
 * Steps on which nothing happens must not allocate (backtests replay millions of them). Counts the
 * bytes this thread allocates over 200,000 quiet steps; one allocation per step would be ≥ 3.2 MB,
 * the bound is 64 KB. Not a timing test: allocation counts do not depend on machine speed.
 */
class QuietStepAllocationTest {

    private static final int STEPS = 200_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static StrategyContext context(String... markets) {
        List<MarketSpec> specs = java.util.Arrays.stream(markets).map(MarketSpec::of).toList();
        return new StrategyContext(new PaperBroker(specs, EngineListener.NONE, PaperBroker.DEFAULT_FEE_RATE, 1), false);
    }

    @Test
    void testBotHoldingAPositionAllocatesNothingPerCandle() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        // bars span 89,300–89,600. The first 14 close at 89,400 (signal 1/3 once the window is full),
        // the 15th at 89,460 (0.53): a buy at 89,460. Then closes stay in 89,460–89,590 (0.53–0.97):
        // no sell signal, no take-profit (89,817.84), no stop (89,281.08): the position is held.
        SplittableRandom random = new SplittableRandom(3);
        Candle[] candles = new Candle[STEPS];
        for (int i = 0; i < STEPS; i++) {
            int close = i < TestBot.LOOKBACK ? 89_400 : i == TestBot.LOOKBACK ? 89_460 : 89_460 + random.nextInt(131);
            long fixed = Prices.of(BigDecimal.valueOf(close));
            candles[i] = new Candle(i * 60L, 60, fixed, Prices.of("89600"), Prices.of("89300"), fixed, 0, 0);
        }
        TestBot warmUp = new TestBot(0.5, 100);
        replay(warmUp, context("XBTUSD"), candles, 0, STEPS);

        TestBot bot = new TestBot(0.5, 100);
        StrategyContext ctx = context("XBTUSD");
        replay(bot, ctx, candles, 0, 1_000);
        assertThat(ctx.side(0)).isNotNull();

        long before = allocatedBytes();
        replay(bot, ctx, candles, 1_000, STEPS);
        long allocated = allocatedBytes() - before;

        assertThat(ctx.broker().nextTradeNo()).as("still the one trade").isEqualTo(2);
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void pairTradeBotBelowItsThresholdAllocatesNothingPerStep() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        SplittableRandom random = new SplittableRandom(5);
        Candle[][] steps = new Candle[STEPS][];
        for (int i = 0; i < STEPS; i++) {
            long a = Prices.of(BigDecimal.valueOf(90_000 + random.nextInt(100)));
            long b = Prices.of(BigDecimal.valueOf(3_000 + random.nextInt(5)));
            steps[i] = new Candle[] {new Candle(i * 60L, 60, a, a, a, a, 0, 0), new Candle(i * 60L, 60, b, b, b, b, 0, 0)};
        }
        PairTradeBot warmUp = new PairTradeBot(50, 100);
        StrategyContext warmCtx = context("XBTUSD", "ETHUSD");
        for (Candle[] step : steps) {
            warmUp.onCandles(step, warmCtx);
        }

        PairTradeBot bot = new PairTradeBot(50, 100);
        StrategyContext ctx = context("XBTUSD", "ETHUSD");
        long before = allocatedBytes();
        for (Candle[] step : steps) {
            bot.onCandles(step, ctx);
        }
        long allocated = allocatedBytes() - before;

        assertThat(bot.zScore()).isFinite();
        assertThat(ctx.broker().nextTradeNo()).as("no trade").isEqualTo(1);
        assertThat(allocated).isLessThan(64 * 1024);
    }

    private static void replay(TestBot bot, StrategyContext ctx, Candle[] candles, int from, int to) {
        Candle[] legs = new Candle[1];
        for (int i = from; i < to; i++) {
            legs[0] = candles[i];
            ctx.advance((candles[i].time() + 60) * 1000L);
            bot.onCandles(legs, ctx);
        }
    }
}
