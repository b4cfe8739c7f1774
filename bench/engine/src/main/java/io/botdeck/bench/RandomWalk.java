package io.botdeck.bench;

import java.util.SplittableRandom;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;

/**
 * Synthetic 1-minute candles: a geometric random walk with a fixed seed, so every run replays the
 * same market. Prices are rounded to the market's tick size, as on the exchange.
 */
final class RandomWalk {

    private RandomWalk() {
    }

    /**
     * One market.
     *
     * @param volatility per-minute standard deviation of log returns (0.0006 ≈ BTC)
     * @param tick       price increment, e.g. 0.5 for XBTUSD
     */
    static Candle[] single(int count, long seed, double start, double volatility, double tick) {
        SplittableRandom random = new SplittableRandom(seed);
        Candle[] candles = new Candle[count];
        double close = start;
        for (int i = 0; i < count; i++) {
            double open = close;
            close = open * Math.exp(volatility * random.nextGaussian());
            candles[i] = candle(i, open, close, volatility, tick, random);
        }
        return candles;
    }

    /**
     * Two co-moving markets: B follows A at about {@code 1 / ratio} of its price, with a
     * mean-reverting (Ornstein–Uhlenbeck) log spread, which is what a pair trader trades.
     */
    static Candle[][] pair(int count, long seed, double startA, double ratio, double volatility, double tickA,
                           double tickB) {
        SplittableRandom random = new SplittableRandom(seed);
        Candle[][] legs = new Candle[2][count];
        double closeA = startA;
        double closeB = startA / ratio;
        double spread = 0;
        for (int i = 0; i < count; i++) {
            double openA = closeA;
            double openB = closeB;
            closeA = openA * Math.exp(volatility * random.nextGaussian());
            spread = 0.98 * spread + 0.0008 * random.nextGaussian();
            closeB = closeA / ratio * Math.exp(spread);
            legs[0][i] = candle(i, openA, closeA, volatility, tickA, random);
            legs[1][i] = candle(i, openB, closeB, volatility, tickB, random);
        }
        return legs;
    }

    private static Candle candle(int index, double open, double close, double volatility, double tick,
                                 SplittableRandom random) {
        double high = Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * volatility / 2);
        double low = Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * volatility / 2);
        long o = onTick(open, tick);
        long c = onTick(close, tick);
        long h = Math.max(onTick(high, tick), Math.max(o, c));
        long l = Math.min(onTick(low, tick), Math.min(o, c));
        long volume = Prices.fromDouble(1 + random.nextDouble() * 50);
        return new Candle(index * 60L, 60, o, h, l, c, volume, 1 + random.nextInt(200));
    }

    private static long onTick(double price, double tick) {
        return Prices.fromDouble(Math.max(tick, Math.round(price / tick) * tick));
    }
}
