package io.botdeck.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.broker.RecordingListener;
import io.botdeck.engine.strategy.StrategyContext;
import io.botdeck.engine.strategy.TestBot;
import org.junit.jupiter.api.Test;

class ReplayTest {

    /** A zig-zag around 89,450 that makes TestBot trade now and then. */
    private static Candle[] candles(int n) {
        Candle[] out = new Candle[n];
        for (int i = 0; i < n; i++) {
            long close = 89_450 + (i % 37 < 18 ? i % 37 : 36 - i % 37) * 25L - 200;
            long p = Prices.of(BigDecimal.valueOf(close));
            out[i] = new Candle(i * 60L, 60, p, p + Prices.of("5"), p - Prices.of("5"), p, 0, 0);
        }
        return out;
    }

    private static Replay replay(RecordingListener listener) {
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener);
        return new Replay(new TestBot(0.5, 100), new StrategyContext(broker, false));
    }

    @Test
    void aCheckpointIsAskedEveryFewThousandStepsAndCanEndTheLoop() {
        Candle[] candles = candles(10_000);
        List<Integer> asked = new ArrayList<>();
        int done = replay(new RecordingListener()).run(candles.length, List.of(i -> candles[i]), n -> {
            asked.add(n);
            return n < 2 * Replay.CHECK_EVERY;
        });
        assertThat(asked).containsExactly(0, Replay.CHECK_EVERY, 2 * Replay.CHECK_EVERY);
        assertThat(done).isEqualTo(2 * Replay.CHECK_EVERY);
    }

    @Test
    void theSameCandlesGiveTheSameTradesWhetherSteppedOneByOneOrInChunks() {
        Candle[] candles = candles(20_000);
        RecordingListener whole = new RecordingListener();
        Replay a = replay(whole);
        for (Candle c : candles) {
            a.step(new Candle[] {c});
        }
        a.closeOpenPositions("end");

        RecordingListener chunked = new RecordingListener();
        Replay b = replay(chunked);
        for (int from = 0; from < candles.length; from += 7_000) {
            int start = from;
            int n = Math.min(7_000, candles.length - from);
            assertThat(b.run(n, List.of(i -> candles[start + i]), Replay.Checkpoint.ALWAYS)).isEqualTo(n);
        }
        b.closeOpenPositions("end");

        assertThat(whole.closed).isNotEmpty();
        assertThat(chunked.closed).isEqualTo(whole.closed);
        assertThat(chunked.lines).isEqualTo(whole.lines);
    }
}
