package io.botdeck.market.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Tick;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedPriceProcessTest {

    /** 2024-01-22T00:00:00Z. */
    private static final long DAY = 1_705_881_600L;
    private static final String[] KNOWN = {"XBTUSD", "ETHUSD", "SOLUSD", "XRPUSD", "DOGEUSD"};

    private final SimulatedPriceProcess process = new SimulatedPriceProcess();

    private static List<Candle> candles(SimulatedPriceProcess p, String market, long from, long to, int interval) {
        List<Candle> out = new ArrayList<>();
        p.candles(market, from, to, interval, (t, o, h, l, c, v, n) -> out.add(new Candle(t, interval, o, h, l, c, v, n)));
        return out;
    }

    @Test
    void sameInputsGiveTheSameOutputsInAnyInstance() {
        SimulatedPriceProcess other = new SimulatedPriceProcess();
        for (String market : KNOWN) {
            assertThat(other.tick(market, DAY * 1000 + 12_345)).isEqualTo(process.tick(market, DAY * 1000 + 12_345));
            assertThat(candles(other, market, DAY, DAY + 3_600, 60)).isEqualTo(candles(process, market, DAY, DAY + 3_600, 60));
        }
        assertThat(other.tick("NEWCOINUSD", DAY * 1000)).isEqualTo(process.tick("NEWCOINUSD", DAY * 1000));
    }

    @Test
    void differentMarketsAndDifferentTimesDiffer() {
        assertThat(candles(process, "ETHUSD", DAY, DAY + 600, 60)).isNotEqualTo(candles(process, "ETHUSD", DAY + 600, DAY + 1_200, 60));
        double ethFirst = Prices.toDouble(process.price("ETHUSD", DAY * 1000)) / 3_000;
        double solFirst = Prices.toDouble(process.price("SOLUSD", DAY * 1000)) / 150;
        assertThat(ethFirst).isNotEqualTo(solFirst);
        // the same relative path would mean the markets share everything
        int same = 0;
        for (int i = 1; i <= 100; i++) {
            long t = (DAY + i * 60L) * 1000;
            boolean ethUp = process.price("ETHUSD", t) > process.price("ETHUSD", t - 60_000);
            boolean dogeUp = process.price("DOGEUSD", t) > process.price("DOGEUSD", t - 60_000);
            same += ethUp == dogeUp ? 1 : 0;
        }
        assertThat(same).isLessThan(100);
    }

    @ParameterizedTest
    @CsvSource({"XBTUSD, 90000, 0.5", "ETHUSD, 3000, 0.05", "SOLUSD, 150, 0.01", "XRPUSD, 2.2, 0.0001",
            "DOGEUSD, 0.2, 0.00001"})
    void levelsStayNearTodaysAndPricesAreWholeTicks(String market, double level, String tickSize) {
        long tick = Prices.of(tickSize);
        assertThat(process.profile(market).tickSize()).isEqualTo(tick);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int day = 0; day < 3 * 365; day++) {
            for (int hour = 0; hour < 24; hour += 5) {
                long t = (DAY - 2 * 365 * 86_400L + day * 86_400L + hour * 3_600L) * 1000 + day % 1000;
                long price = process.price(market, t);
                assertThat(price % tick).as("price %d at %d is a multiple of the tick", price, t).isZero();
                min = Math.min(min, Prices.toDouble(price));
                max = Math.max(max, Prices.toDouble(price));
            }
        }
        assertThat(min).isGreaterThan(level * 0.6);
        assertThat(max).isLessThan(level * 1.6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XBTUSD", "ETHUSD", "SOLUSD", "XRPUSD", "DOGEUSD", "NEWCOINUSD"})
    void ticksQuoteAroundTheLastPriceWithinAFewTicks(String market) {
        long tick = process.profile(market).tickSize();
        for (int i = 0; i < 2_000; i++) {
            Tick t = process.tick(market, DAY * 1000 + i * 1_000L);
            assertThat(t.market()).isEqualTo(market);
            assertThat(t.bid()).isLessThan(t.last()).isPositive();
            assertThat(t.ask()).isGreaterThan(t.last());
            assertThat(t.ask() - t.bid()).isBetween(2 * tick, 4 * tick);
            assertThat(t.bid() % tick).isZero();
            assertThat(t.ask() % tick).isZero();
            assertThat(t.last()).isEqualTo(process.price(market, t.timeMillis()));
            assertThat(t.volume()).isNotNegative();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 15, 60, 300, 3_600, 86_400})
    void everyCandleIsConsistent(int interval) {
        for (String market : KNOWN) {
            long tick = process.profile(market).tickSize();
            List<Candle> day = candles(process, market, DAY + 5, DAY + Math.max(2L * interval, 6 * 3_600L) + 5, interval);
            assertThat(day).isNotEmpty();
            long previous = Long.MIN_VALUE;
            for (Candle c : day) {
                assertThat(c.time() % interval).isZero();
                assertThat(c.time()).isGreaterThan(previous).isGreaterThanOrEqualTo(DAY + 5);
                previous = c.time();
                assertThat(c.low()).isPositive().isLessThanOrEqualTo(Math.min(c.open(), c.close()));
                assertThat(c.high()).isGreaterThanOrEqualTo(Math.max(c.open(), c.close()));
                for (long price : new long[] {c.open(), c.high(), c.low(), c.close()}) {
                    assertThat(price % tick).isZero();
                }
                assertThat(c.volume()).isNotNegative();
                assertThat(c.volume() == 0).isEqualTo(c.trades() == 0);
            }
        }
    }

    @Test
    void candlesCoverTheHalfOpenRangeOnTheIntervalGrid() {
        assertThat(candles(process, "XBTUSD", DAY, DAY + 600, 60)).extracting(Candle::time)
                .containsExactly(DAY, DAY + 60, DAY + 120, DAY + 180, DAY + 240, DAY + 300, DAY + 360, DAY + 420, DAY + 480, DAY + 540);
        assertThat(candles(process, "XBTUSD", DAY + 1, DAY + 121, 60)).extracting(Candle::time).containsExactly(DAY + 60, DAY + 120);
        assertThat(candles(process, "XBTUSD", DAY, DAY, 60)).isEmpty();
        assertThatThrownBy(() -> process.candles("XBTUSD", DAY, DAY + 60, 0, (t, o, h, l, c, v, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> process.candles("XBTUSD", -60, 60, 60, (t, o, h, l, c, v, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCandleOfARangeEqualsTheCandleComputedAlone() {
        for (String market : new String[] {"XBTUSD", "DOGEUSD", "NEWCOINUSD"}) {
            List<Candle> day = candles(process, market, DAY, DAY + 86_400, 60);
            assertThat(day).hasSize(1_440);
            for (int i : new int[] {0, 1, 59, 60, 719, 1_000, 1_439}) {
                assertThat(new SimulatedPriceProcess().candle(market, day.get(i).time(), 60)).isEqualTo(day.get(i));
            }
            // a range starting elsewhere generates the same candles where they overlap
            assertThat(candles(process, market, DAY + 37 * 60, DAY + 86_400, 60)).isEqualTo(day.subList(37, 1_440));
        }
    }

    @Test
    void oneMinuteCandlesAgreeWithTheirSecondTicks() {
        for (String market : KNOWN) {
            for (Candle c : candles(process, market, DAY, DAY + 30 * 60, 60)) {
                long volume = 0;
                long high = Long.MIN_VALUE;
                long low = Long.MAX_VALUE;
                for (int s = 0; s < 60; s++) {
                    Tick t = process.tick(market, (c.time() + s) * 1000);
                    high = Math.max(high, t.last());
                    low = Math.min(low, t.last());
                    // a tick reports the volume since the previous one: the ticks at +1 s .. +60 s
                    volume += process.tick(market, (c.time() + s + 1) * 1000).volume();
                }
                assertThat(c.open()).isEqualTo(process.tick(market, c.time() * 1000).last());
                assertThat(c.close()).isEqualTo(process.tick(market, (c.time() + 59) * 1000).last());
                assertThat(c.volume()).isEqualTo(volume);
                assertThat(c.high()).isLessThanOrEqualTo(high);
                assertThat(c.low()).isGreaterThanOrEqualTo(low);
            }
        }
    }

    @Test
    void tickVolumesShareOutAllVolumeWhateverTheTickInterval() {
        Candle minute = process.candle("SOLUSD", DAY, 60);
        for (long step : new long[] {100, 250, 1_000, 3_000, 60_000}) {
            long volume = 0;
            for (long t = DAY * 1000 + step; t <= (DAY + 60) * 1000; t += step) {
                volume += process.tick("SOLUSD", t, t - step).volume();
            }
            assertThat(volume).as("ticks every %d ms", step).isEqualTo(minute.volume());
        }
        assertThat(process.tick("SOLUSD", DAY * 1000, DAY * 1000).volume()).isZero();
        assertThatThrownBy(() -> process.tick("SOLUSD", DAY * 1000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longerCandlesAggregateTheirMinutesExactly() {
        List<Candle> minutes = candles(process, "ETHUSD", DAY, DAY + 86_400, 60);
        List<Candle> hours = candles(process, "ETHUSD", DAY, DAY + 86_400, 3_600);
        assertThat(hours).hasSize(24);
        for (int h = 0; h < 24; h++) {
            List<Candle> in = minutes.subList(h * 60, h * 60 + 60);
            Candle hour = hours.get(h);
            assertThat(hour.open()).isEqualTo(in.get(0).open());
            assertThat(hour.close()).isEqualTo(in.get(59).close());
            assertThat(hour.high()).isEqualTo(in.stream().mapToLong(Candle::high).max().orElseThrow());
            assertThat(hour.low()).isEqualTo(in.stream().mapToLong(Candle::low).min().orElseThrow());
            assertThat(hour.volume()).isEqualTo(in.stream().mapToLong(Candle::volume).sum());
            assertThat(hour.trades()).isEqualTo(in.stream().mapToInt(Candle::trades).sum());
        }
    }

    @Test
    void highAndLowAreSampledEveryTenSecondsAndAtTheClose() {
        List<Long> samples = new ArrayList<>();
        long t = DAY;
        samples.add(t);
        while (t < DAY + 59) {
            t = SimulatedPriceProcess.nextSample(t, DAY + 59);
            samples.add(t - DAY);
        }
        assertThat(samples).containsExactly(DAY, 10L, 20L, 30L, 40L, 50L, 59L);
        assertThat(SimulatedPriceProcess.nextSample(DAY + 5, DAY + 14)).isEqualTo(DAY + 10);
        assertThat(SimulatedPriceProcess.nextSample(DAY + 10, DAY + 14)).isEqualTo(DAY + 14);
    }

    @Test
    void xbtusdHasADailyVolatilityOfTwoToFourPercent() {
        double[] returns = dailyReturns("XBTUSD", 1_000);
        double sd = stdDev(returns);
        System.out.printf("XBTUSD daily volatility %.2f%%, ETHUSD %.2f%%%n", sd * 100, stdDev(dailyReturns("ETHUSD", 1_000)) * 100);
        assertThat(sd).isBetween(0.02, 0.04);
    }

    @Test
    void ethAndSolMoveWithBitcoin() {
        double[] btc = hourlyReturns("XBTUSD", 2_000);
        double eth = correlation(btc, hourlyReturns("ETHUSD", 2_000));
        double sol = correlation(btc, hourlyReturns("SOLUSD", 2_000));
        System.out.printf("correlation of hourly returns with XBTUSD: ETHUSD %.2f, SOLUSD %.2f%n", eth, sol);
        assertThat(eth).isBetween(0.4, 0.95);
        assertThat(sol).isBetween(0.3, 0.95);
    }

    @Test
    void unknownSymbolsGetAStableDerivedProfile() {
        MarketProfile p = process.profile("NEWCOINUSD");
        assertThat(p).isEqualTo(new SimulatedPriceProcess().profile("NEWCOINUSD"));
        assertThat(p.basePrice()).isBetween(0.1, 10_000.0);
        assertThat(p.tickSizeDecimal().unscaledValue().intValue()).isEqualTo(1);
        assertThat(p.tickSize() * 5_000L).isLessThan(Prices.fromDouble(p.basePrice()));
        assertThat(process.profile("OTHERUSD")).isNotEqualTo(p);
        assertThatThrownBy(() -> process.profile("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDeterministicExpIsAccurate() {
        for (double x = -3; x <= 3; x += 0.001) {
            assertThat(SimulatedPriceProcess.exp(x)).isCloseTo(Math.exp(x), Percentage.withPercentage(1e-10));
        }
    }

    @Test
    void aYearOfMinuteCandlesGeneratesQuickly() {
        long from = DAY - 365 * 86_400L;
        long[] checksum = new long[2];
        CandleSink sink = (t, o, h, l, c, v, n) -> {
            checksum[0]++;
            checksum[1] += c;
        };
        process.candles("XBTUSD", from, from + 30 * 86_400L, 60, sink); // warm-up
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            checksum[0] = 0;
            long start = System.nanoTime();
            process.candles("XBTUSD", from, DAY, 60, sink);
            best = Math.min(best, System.nanoTime() - start);
            assertThat(checksum[0]).isEqualTo(525_600);
        }
        System.out.printf("a year of 1-minute XBTUSD candles (525,600) generated in %.0f ms (best of 3)%n", best / 1e6);
        CandleSeries series = CandleSeries.generate(process, "XBTUSD", from, DAY, 60);
        assertThat(series.size()).isEqualTo(525_600);
        assertThat(series.get(1_000)).isEqualTo(process.candle("XBTUSD", series.time(1_000), 60));
    }

    private double[] dailyReturns(String market, int days) {
        double[] r = new double[days];
        double previous = Math.log(Prices.toDouble(process.price(market, (DAY - days * 86_400L) * 1000)));
        for (int d = 1; d <= days; d++) {
            double current = Math.log(Prices.toDouble(process.price(market, (DAY - (days - d) * 86_400L) * 1000)));
            r[d - 1] = current - previous;
            previous = current;
        }
        return r;
    }

    private double[] hourlyReturns(String market, int hours) {
        double[] r = new double[hours];
        List<Candle> candles = candles(process, market, DAY - hours * 3_600L, DAY, 3_600);
        for (int i = 0; i < hours; i++) {
            r[i] = Math.log(Prices.toDouble(candles.get(i).close()) / Prices.toDouble(candles.get(i).open()));
        }
        return r;
    }

    private static double stdDev(double[] x) {
        double mean = Arrays.stream(x).average().orElseThrow();
        return Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length);
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
