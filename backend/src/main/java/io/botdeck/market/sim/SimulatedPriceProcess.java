package io.botdeck.market.sim;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Tick;

/**
 * A deterministic, realistic-looking price process: the price of a market at a moment is a pure
 * function of the market's symbol and the time, so every candle of every past range is always the
 * same, and live ticks agree with history. No Spring, no I/O, no clock.
 *
 * <p><b>Price.</b> {@code price = base × e^L}, rounded to the market's tick size, where L is
 * fractal value noise: 22 octaves of hashed random values on grids of 1 s, 2 s, 4 s ...
 * 2<sup>21</sup> s (~24 days), each smoothly (smoothstep) interpolated. Up to about a day the
 * amplitudes grow like a random walk, with the square root of the grid, which gives XBTUSD a daily
 * volatility of about 3%; above a day they grow more slowly, so that prices stay near today's
 * levels. The coarse octaves (grids of 64 s and more) are summed at 64-second nodes and
 * interpolated linearly between them, which is what makes generation fast. From the 16 s grid up,
 * every market mixes a crypto-wide common factor into its own noise (see
 * {@link MarketProfile#commonWeight()}), so XBTUSD, ETHUSD and SOLUSD move partly together.
 *
 * <p><b>Volume.</b> Trades and volume are drawn per second from a hash, with a daily activity
 * cycle and busier and quieter minutes; all in integers, so sums are exact.
 *
 * <p><b>Candles.</b> Open is the price at the open time, close the price at the interval's last
 * second, high and low the extremes of the samples at the open, the close, every multiple of
 * 10 s and every minute's 59th second; volume and trades are the sums of the interval's seconds.
 * So a 1-minute candle's open and close are the 1-second ticks at its first and last second, its
 * volume the sum of the volumes the ticks report, and a candle of a longer interval aggregates its
 * 1-minute candles exactly.
 *
 * <p>Thread-safe. Only IEEE {@code + - * /} and integer arithmetic are used on the hot path (no
 * {@code Math.exp}, whose last bit may differ between CPUs), so results are identical on every JVM.
 */
public final class SimulatedPriceProcess {

    /** Latest supported time, unix seconds (end of year 9999). */
    public static final long MAX_TIME_SEC = 253_402_300_799L;

    /** Number of noise octaves: grids of 2^0 .. 2^21 seconds. */
    static final int OCTAVES = 22;
    /** Octaves from this one (grids of 64 s and more) are summed at nodes and interpolated. */
    static final int FIRST_COARSE_OCTAVE = 6;
    /** Seconds between the nodes of the coarse octaves. */
    static final long NODE_SEC = 1L << FIRST_COARSE_OCTAVE;
    /** Octaves below this one (grids under 16 s) move each market on its own, as real markets do. */
    static final int FIRST_COMMON_OCTAVE = 4;
    /** Octaves up to this one (2^16 s, ~18 h) scale like a random walk; coarser ones more slowly. */
    private static final int WALK_OCTAVES = 16;
    /** Above {@link #WALK_OCTAVES}, amplitudes grow with the grid to this power (a random walk: 0.5). */
    private static final double COARSE_EXPONENT = 0.35;
    /** Calibrated so that a volatility of 1.0 gives a daily volatility of about 3%. */
    private static final double NOISE_SCALE = 9.4e-5;
    /** High and low are sampled at every multiple of this many seconds (and at each minute's 59th second). */
    static final long SAMPLE_STEP = 10;
    /** Volumes are multiples of 0.0001 units of the base currency. */
    private static final long LOT = 10_000L;
    /** Seconds that share one volume hash (12 bits each). */
    private static final int VOLUME_GROUP = 5;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long CELL_MULTIPLIER = 0xD6E8FEB86659FD93L;

    private static final double[] FREQUENCY = new double[OCTAVES];
    private static final double[] AMPLITUDE = new double[OCTAVES];
    /** Offset of each octave's grid, so that grid points of different octaves do not line up. */
    private static final double[] PHASE = new double[OCTAVES];
    /** Hash keys of the crypto-wide common factor, per octave. */
    private static final long[] COMMON_KEYS = new long[OCTAVES];
    private static final double INV_NODE = 1.0 / NODE_SEC;

    /** Relative trading activity per UTC hour (quiet Asian night, busy US afternoon). */
    private static final double[] HOURLY_ACTIVITY = {
        0.80, 0.75, 0.70, 0.70, 0.70, 0.75, 0.80, 0.90, 1.00, 1.05, 1.10, 1.10,
        1.20, 1.30, 1.40, 1.45, 1.40, 1.30, 1.20, 1.10, 1.00, 0.95, 0.90, 0.85 };

    static {
        double walkTop = StrictMath.sqrt(1L << WALK_OCTAVES);
        for (int k = 0; k < OCTAVES; k++) {
            double period = 1L << k;
            FREQUENCY[k] = 1.0 / period;
            AMPLITUDE[k] = NOISE_SCALE * (k <= WALK_OCTAVES
                    ? StrictMath.sqrt(period)
                    : walkTop * StrictMath.pow(period / (1L << WALK_OCTAVES), COARSE_EXPONENT));
            PHASE[k] = unit(mix(0x50A5E0L + k * GOLDEN));
            COMMON_KEYS[k] = mix(0x0B07DECCL + (k + 1) * GOLDEN);
        }
    }

    private static final Map<String, MarketProfile> KNOWN = Map.of(
            "XBTUSD", new MarketProfile("XBTUSD", 90_000, Prices.of("0.5"), 1.0, 0.90, 6.0, 0.045),
            "ETHUSD", new MarketProfile("ETHUSD", 3_000, Prices.of("0.05"), 1.3, 0.75, 4.5, 1.0),
            "SOLUSD", new MarketProfile("SOLUSD", 150, Prices.of("0.01"), 1.6, 0.65, 3.0, 10.0),
            "XRPUSD", new MarketProfile("XRPUSD", 2.2, Prices.of("0.0001"), 1.5, 0.50, 2.5, 450.0),
            "DOGEUSD", new MarketProfile("DOGEUSD", 0.2, Prices.of("0.00001"), 1.8, 0.50, 2.0, 4_000.0));

    private final Map<String, Path> paths = new ConcurrentHashMap<>();

    /** The profile of a market: the known markets' levels and tick sizes, or one derived from the symbol's hash. */
    public MarketProfile profile(String market) {
        return path(market).profile;
    }

    /** The last-trade price at a moment, fixed-point, a multiple of the market's tick size. */
    public long price(String market, long timeMillis) {
        Path p = path(market);
        return p.priceOf(p.logPrice(timeMillis));
    }

    /**
     * The quote and trade at a moment, one second after the previous tick: see
     * {@link #tick(String, long, long)}.
     */
    public Tick tick(String market, long timeMillis) {
        return tick(market, timeMillis, timeMillis - 1_000);
    }

    /**
     * The quote and trade at a moment: {@code bid < last < ask}, each one or two ticks away from
     * {@code last}; {@code volume} is what traded since the previous tick, i.e. in the seconds
     * that start within {@code [previousMillis, timeMillis)}. Ticks on a regular grid therefore
     * share out all volume exactly: the ticks at {@code open + step ... open + interval} sum to the
     * volume of the candle opening at {@code open}, whose open and close prices are the ticks at
     * {@code open} and {@code open + interval - 1 s}.
     *
     * @throws IllegalArgumentException when the ticks are more than a day apart
     */
    public Tick tick(String market, long timeMillis, long previousMillis) {
        if (timeMillis - previousMillis > 86_400_000L) {
            throw new IllegalArgumentException("ticks may be at most a day apart");
        }
        Path p = path(market);
        long lastTicks = p.ticksOf(p.logPrice(timeMillis));
        long h = mix(p.spreadKey + timeMillis * GOLDEN);
        long bidTicks = Math.max(0, lastTicks - 1 - (h & 1));
        long askTicks = lastTicks + 1 + ((h >>> 1) & 1);
        long lots = 0;
        long firstSecond = Math.floorDiv(previousMillis + 999, 1000L);
        long lastSecond = Math.floorDiv(timeMillis + 999, 1000L) - 1;
        if (lastSecond >= firstSecond) {
            Volumes volumes = new Volumes(p);
            volumes.sum(firstSecond, lastSecond);
            lots = volumes.lots;
        }
        return new Tick(market, timeMillis, bidTicks * p.tick, askTicks * p.tick, lastTicks * p.tick, lots * LOT);
    }

    /** The candle opening at {@code openSec}, which must be a multiple of {@code intervalSec}. */
    public Candle candle(String market, long openSec, int intervalSec) {
        if (intervalSec < 1 || Math.floorMod(openSec, intervalSec) != 0) {
            throw new IllegalArgumentException("open time " + openSec + " is not a multiple of " + intervalSec);
        }
        Candle[] out = new Candle[1];
        candles(market, openSec, openSec + intervalSec, intervalSec,
                (t, o, h, l, c, v, n) -> out[0] = new Candle(t, intervalSec, o, h, l, c, v, n));
        return out[0];
    }

    /**
     * Generates, in time order, the candles whose open time is a multiple of {@code intervalSec}
     * and lies within {@code [fromSec, toSec)}. Allocates nothing per candle.
     *
     * @throws IllegalArgumentException for an interval under 1 s or times outside 0..{@link #MAX_TIME_SEC}
     */
    public void candles(String market, long fromSec, long toSec, int intervalSec, CandleSink sink) {
        if (intervalSec < 1) {
            throw new IllegalArgumentException("interval must be at least 1 second");
        }
        if (fromSec < 0 || toSec > MAX_TIME_SEC + 1) {
            throw new IllegalArgumentException("times must be within 0.." + MAX_TIME_SEC);
        }
        Path p = path(market);
        Cursor cursor = new Cursor(p);
        Volumes volumes = new Volumes(p);
        long open = Math.floorDiv(fromSec + intervalSec - 1, intervalSec) * (long) intervalSec;
        for (; open < toSec; open += intervalSec) {
            long last = open + intervalSec - 1;
            long t = open;
            double first = cursor.logPrice(t);
            double hi = first;
            double lo = first;
            double l = first;
            while (t < last) {
                t = nextSample(t, last);
                l = cursor.logPrice(t);
                if (l > hi) {
                    hi = l;
                } else if (l < lo) {
                    lo = l;
                }
            }
            long o = p.priceOf(first);
            long c = p.priceOf(l);
            long high = Math.max(p.priceOf(hi), Math.max(o, c));
            long low = Math.min(p.priceOf(lo), Math.min(o, c));
            volumes.sum(open, last);
            sink.accept(open, o, high, low, c, volumes.lots * LOT, volumes.trades);
        }
    }

    /** The next sampling second after {@code t}: a multiple of 10 s, a minute's 59th second, or {@code last}. */
    static long nextSample(long t, long last) {
        long next = t - Math.floorMod(t, SAMPLE_STEP) + SAMPLE_STEP;
        long minuteClose = t - Math.floorMod(t, 60L) + 59;
        if (minuteClose > t && minuteClose < next) {
            next = minuteClose;
        }
        return Math.min(next, last);
    }

    private Path path(String market) {
        if (market == null || market.isEmpty()) {
            throw new IllegalArgumentException("market must not be empty");
        }
        return paths.computeIfAbsent(market, m -> new Path(KNOWN.getOrDefault(m, derived(m))));
    }

    /** A plausible profile for a symbol the simulation does not know: level and tick from its hash. */
    static MarketProfile derived(String symbol) {
        long h = symbolHash(symbol);
        int exponent = (int) Math.floorMod(h, 5L) - 1;                 // 10^-1 .. 10^3
        long mantissa = 10 + Math.floorMod(h >>> 8, 90L);              // 1.0 .. 9.9
        double base = BigDecimal.valueOf(mantissa, 1 - exponent).doubleValue();
        long tick = BigDecimal.TEN.pow(exponent + 4).longValueExact(); // 10^(exponent-4), fixed-point
        double volatility = 1.2 + 0.6 * unit(mix(h ^ 0x5EEDL));
        return new MarketProfile(symbol, base, tick, volatility, 0.4, 1.5, 500.0 / base);
    }

    /** FNV-1a of the symbol, mixed. */
    static long symbolHash(String symbol) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < symbol.length(); i++) {
            h ^= symbol.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** A hash as a double in [0, 1). */
    static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A hash as a double in [-1, 1). */
    static double signedUnit(long h) {
        return (h >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** {@code floor(x)}: a cast for the non-negative arguments that occur here, exact for negative ones too. */
    private static long cell(double x) {
        return x >= 0 ? (long) x : (long) Math.floor(x);
    }

    /**
     * e^x from a Taylor polynomial on x/16, squared four times: only + and *, so bit-identical
     * everywhere; relative error below 1e-13 for |x| < 3.
     */
    static double exp(double x) {
        double y = x * 0.0625;
        double r = 1 + y * (1 + y * (1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120 + y * (1.0 / 720
                + y * (1.0 / 5040 + y * (1.0 / 40320 + y * (1.0 / 362880)))))))));
        r *= r;
        r *= r;
        r *= r;
        return r * r;
    }

    /** One market's process: its profile, its noise keys and the derived constants. */
    private static final class Path {
        final MarketProfile profile;
        /** Hash keys of the market's own noise, per octave. */
        final long[] ownKeys = new long[OCTAVES];
        /** Weights of the common and own noise per octave, amplitude included. */
        final double[] commonWeight = new double[OCTAVES];
        final double[] ownWeight = new double[OCTAVES];
        final double base;
        final long tick;
        final double ticksPerUnit;
        final long spreadKey;
        final long volumeKey;
        final long minuteKey;
        /** Lots per trade for each of 64 trade-size levels. */
        final long[] lotsPerTrade = new long[64];

        Path(MarketProfile profile) {
            this.profile = profile;
            long seed = symbolHash(profile.symbol());
            double vol = profile.volatility();
            double rho = profile.commonWeight();
            double own = StrictMath.sqrt(1 - rho * rho);
            for (int k = 0; k < OCTAVES; k++) {
                ownKeys[k] = mix(seed + (k + 1) * GOLDEN);
                boolean shared = k >= FIRST_COMMON_OCTAVE;
                commonWeight[k] = shared ? AMPLITUDE[k] * vol * rho : 0;
                ownWeight[k] = AMPLITUDE[k] * vol * (shared ? own : 1);
            }
            this.base = profile.basePrice();
            this.tick = profile.tickSize();
            this.ticksPerUnit = (double) Prices.SCALE / tick;
            this.spreadKey = mix(seed ^ 0x5B4EADL);
            this.volumeKey = mix(seed ^ 0x70173EL);
            this.minuteKey = mix(seed ^ 0x313E7EL);
            double meanLots = profile.avgTradeSize() * Prices.SCALE / LOT;
            for (int level = 0; level < 64; level++) {
                lotsPerTrade[level] = Math.max(1, Math.round(meanLots * (0.25 + 1.5 * (level + 0.5) / 64)));
            }
        }

        /** The weighted random value at a grid point of octave k: the market's own plus the common factor. */
        double lattice(int k, long cell) {
            double own = ownWeight[k] * signedUnit(mix(ownKeys[k] + cell * CELL_MULTIPLIER));
            return k < FIRST_COMMON_OCTAVE ? own
                    : commonWeight[k] * signedUnit(mix(COMMON_KEYS[k] + cell * CELL_MULTIPLIER)) + own;
        }

        /** Octave k at time t, evaluated from scratch. */
        double octave(int k, double t) {
            double x = t * FREQUENCY[k] + PHASE[k];
            long c = cell(x);
            double v0 = lattice(k, c);
            double v1 = lattice(k, c + 1);
            double f = x - c;
            return v0 + (v1 - v0) * (f * f * (3 - 2 * f));
        }

        /** Sum of the coarse octaves at a node, evaluated from scratch. */
        double coarse(long node) {
            double t = node * NODE_SEC;
            double sum = 0;
            for (int k = FIRST_COARSE_OCTAVE; k < OCTAVES; k++) {
                sum += octave(k, t);
            }
            return sum;
        }

        /** The log of price / base at a moment, evaluated from scratch. */
        double logPrice(long timeMillis) {
            double t = timeMillis / 1000.0;
            long node = Math.floorDiv(timeMillis, NODE_SEC * 1000);
            double fine = 0;
            for (int k = 0; k < FIRST_COARSE_OCTAVE; k++) {
                fine += octave(k, t);
            }
            double c0 = coarse(node);
            double c1 = coarse(node + 1);
            return fine + (c0 + (c1 - c0) * ((t - (double) (node * NODE_SEC)) * INV_NODE));
        }

        long ticksOf(double logPrice) {
            return Math.max(1, Math.round(base * exp(logPrice) * ticksPerUnit));
        }

        long priceOf(double logPrice) {
            return ticksOf(logPrice) * tick;
        }

        /**
         * Trades per second in a minute, as an integer scale: a second's trade count is
         * {@code (u × scale) >>> 22} for its 6-bit random u, i.e. uniform in 0..2λ.
         */
        long tradeScale(long minute) {
            long h = mix(minuteKey + minute * GOLDEN);
            double busy = 0.4 + 1.2 * unit(h);
            if ((h & 0x1F) == 0) {
                busy *= 3;
            }
            double lambda = profile.tradesPerSecond() * busy
                    * HOURLY_ACTIVITY[(int) (Math.floorMod(minute, 1_440L) / 60)];
            return (long) (2 * lambda * 65_536);
        }

        long groupHash(long group) {
            return mix(volumeKey + group * GOLDEN);
        }
    }

    /** Sums volume and trades over ranges of seconds, walking forward. */
    private static final class Volumes {
        private final Path path;
        private long minute = Long.MIN_VALUE;
        private long scale;
        private long group = Long.MIN_VALUE;
        private long hash;
        long lots;
        int trades;

        Volumes(Path path) {
            this.path = path;
        }

        /** Sums the seconds {@code from..to} into {@link #lots} and {@link #trades}. */
        void sum(long from, long to) {
            long lotSum = 0;
            long tradeSum = 0;
            long s = from;
            while (s <= to) {
                long m = Math.floorDiv(s, 60L);
                if (m != minute) {
                    minute = m;
                    scale = path.tradeScale(m);
                }
                long end = Math.min(to, m * 60 + 59);
                long g = Math.floorDiv(s, VOLUME_GROUP);
                int slot = (int) (s - g * VOLUME_GROUP);
                if (g != group) {
                    group = g;
                    hash = path.groupHash(g);
                }
                for (; s <= end; s++) {
                    long bits = hash >>> (12 * slot);
                    long n = ((bits & 63) * scale) >>> 22;
                    tradeSum += n;
                    lotSum += n * path.lotsPerTrade[(int) ((bits >>> 6) & 63)];
                    if (++slot == VOLUME_GROUP) {
                        slot = 0;
                        hash = path.groupHash(++group);
                    }
                }
            }
            lots = lotSum;
            trades = (int) Math.min(Integer.MAX_VALUE, tradeSum);
        }
    }

    /**
     * Sequential evaluation of one market: each octave's grid values, and the coarse sums at the
     * nodes, are kept while time stays within the same cell. Bit-identical to {@link Path#logPrice}.
     */
    private static final class Cursor {
        private final Path path;
        private final long[] cells = new long[OCTAVES];
        private final double[] v0 = new double[OCTAVES];
        private final double[] v1 = new double[OCTAVES];
        private long node = Long.MIN_VALUE;
        private double c0;
        private double c1;

        Cursor(Path path) {
            this.path = path;
            Arrays.fill(cells, Long.MIN_VALUE);
        }

        private double octave(int k, double t) {
            double x = t * FREQUENCY[k] + PHASE[k];
            long c = cell(x);
            if (c != cells[k]) {
                v0[k] = c == cells[k] + 1 ? v1[k] : path.lattice(k, c);
                v1[k] = path.lattice(k, c + 1);
                cells[k] = c;
            }
            double f = x - c;
            return v0[k] + (v1[k] - v0[k]) * (f * f * (3 - 2 * f));
        }

        private double coarse(long n) {
            double t = n * NODE_SEC;
            double sum = 0;
            for (int k = FIRST_COARSE_OCTAVE; k < OCTAVES; k++) {
                sum += octave(k, t);
            }
            return sum;
        }

        double logPrice(long second) {
            double t = second;
            long n = Math.floorDiv(second, NODE_SEC);
            if (n != node) {
                // nodes are visited in increasing order, so the coarse cells only move forward
                c0 = n == node + 1 ? c1 : coarse(n);
                c1 = coarse(n + 1);
                node = n;
            }
            double fine = 0;
            for (int k = 0; k < FIRST_COARSE_OCTAVE; k++) {
                fine += octave(k, t);
            }
            return fine + (c0 + (c1 - c0) * ((t - (double) (n * NODE_SEC)) * INV_NODE));
        }
    }
}
