package io.botdeck.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.engine.replay.Replay;
import io.botdeck.engine.strategy.PairTradeBot;
import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.strategy.StrategyContext;
import io.botdeck.engine.strategy.TestBot;
import io.botdeck.metrics.MetricEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A backtest as the product runs it: the product's own step loop ({@link Replay}, the one a
 * backtest run uses) steps one strategy through 1,000,000 pre-generated 1-minute candles with a
 * {@link PaperBroker} (default 0.05% fees) in a non-verbose context, and every closed trade goes into a {@link MetricEngine}; log lines are built and handed to the listener.
 * One invocation = one whole replay, so the score (ops/s) is candles per second on one core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineBenchmark {

    static final int CANDLES = 1_000_000;

    @State(Scope.Benchmark)
    public static class SingleMarket {
        Candle[] candles;

        @Param({"0.5"})
        double threshold;

        @Setup(Level.Trial)
        public void generate() {
            candles = RandomWalk.single(CANDLES, 20240115L, 89_450, 0.0006, 0.5);
            Counting listener = new Counting();
            replayTestBot(candles, threshold, listener);
            System.out.printf("%nTestBot(threshold %s): %d trades, %d log lines per replay of %,d candles%n",
                    threshold, listener.metrics.tradeCount(), listener.lines, CANDLES);
        }
    }

    @State(Scope.Benchmark)
    public static class TwoMarkets {
        Candle[] a;
        Candle[] b;

        @Param({"2.0"})
        double spreadThreshold;

        @Param({"100"})
        int lookback;

        @Setup(Level.Trial)
        public void generate() {
            Candle[][] legs = RandomWalk.pair(CANDLES, 20240116L, 89_450, 30, 0.0006, 0.5, 0.05);
            a = legs[0];
            b = legs[1];
            Counting listener = new Counting();
            replayPair(a, b, spreadThreshold, lookback, listener);
            System.out.printf("%nPairTradeBot(spread_threshold %s, lookback %d): %d trades (legs), %d log lines "
                    + "per replay of %,d candle pairs%n", spreadThreshold, lookback, listener.metrics.tradeCount(),
                    listener.lines, CANDLES);
        }
    }

    /** What a runner's listener minimally does in a backtest: count log lines, feed the metrics. */
    static final class Counting implements EngineListener {
        final MetricEngine metrics = new MetricEngine();
        long lines;

        @Override
        public void log(long timeMillis, LogLevel level, String message) {
            lines += message.length() > 0 ? 1 : 0;
        }

        @Override
        public void tradeOpened(OpenTrade trade) {
        }

        @Override
        public void tradeClosed(ClosedTrade trade) {
            metrics.record(trade);
        }
    }

    static long replayTestBot(Candle[] candles, double threshold, Counting listener) {
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener);
        Replay replay = new Replay(new TestBot(threshold, 100), new StrategyContext(broker, false));
        replay.run(candles.length, List.of(i -> candles[i]), Replay.Checkpoint.ALWAYS);
        return listener.lines + listener.metrics.tradeCount();
    }

    static long replayPair(Candle[] a, Candle[] b, double spreadThreshold, int lookback, Counting listener) {
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD"), MarketSpec.of("ETHUSD")), listener);
        Replay replay = new Replay(new PairTradeBot(spreadThreshold, lookback), new StrategyContext(broker, false));
        List<IntFunction<Candle>> legs = List.of(i -> a[i], i -> b[i]);
        replay.run(a.length, legs, Replay.Checkpoint.ALWAYS);
        return listener.lines + listener.metrics.tradeCount();
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public long testBot(SingleMarket market) {
        return replayTestBot(market.candles, market.threshold, new Counting());
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public long pairTradeBot(TwoMarkets markets) {
        return replayPair(markets.a, markets.b, markets.spreadThreshold, markets.lookback, new Counting());
    }
}
