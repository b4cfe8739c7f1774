package io.botdeck.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollingWindowsTest {

    @Test
    void extremesOfAHandWorkedSequence() {
        RollingExtremes w = new RollingExtremes(3);
        long[][] bars = {{5, 1}, {3, 2}, {4, 0}, {2, 3}, {1, 1}, {1, 1}};
        long[][] expected = {{5, 1}, {5, 1}, {5, 0}, {4, 0}, {4, 0}, {2, 1}};
        for (int i = 0; i < bars.length; i++) {
            w.push(bars[i][0], bars[i][1]);
            assertThat(new long[] {w.max(), w.min()}).as("after bar %d", i).containsExactly(expected[i]);
        }
        assertThat(w.full()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 14, 16, 17})
    void extremesMatchAFullScanOfTheWindow(int window) {
        SplittableRandom random = new SplittableRandom(7);
        int n = 2_000;
        long[] highs = new long[n];
        long[] lows = new long[n];
        RollingExtremes w = new RollingExtremes(window);
        for (int i = 0; i < n; i++) {
            lows[i] = random.nextLong(1_000);
            highs[i] = lows[i] + random.nextLong(50);
            w.push(highs[i], lows[i]);
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            for (int j = Math.max(0, i - window + 1); j <= i; j++) {
                max = Math.max(max, highs[j]);
                min = Math.min(min, lows[j]);
            }
            assertThat(w.max()).isEqualTo(max);
            assertThat(w.min()).isEqualTo(min);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 14, 16})
    void monotoneRunsFillTheDequesToTheWindow(int window) {
        // falling highs and rising lows are never evicted from the back: the deques hold a full window
        RollingExtremes w = new RollingExtremes(window);
        for (int i = 0; i < 3 * window + 5; i++) {
            w.push(1_000 - i, i);
            assertThat(w.max()).isEqualTo(1_000 - Math.max(0, i - window + 1));
            assertThat(w.min()).isEqualTo(Math.max(0, i - window + 1));
        }
    }

    @Test
    void meanAndPopulationStdevOfAHandWorkedWindow() {
        RollingStats s = new RollingStats(4);
        for (double v : new double[] {100, 2, 4, 4, 4, 6}) {
            s.push(v);
        }
        // window {4, 4, 4, 6}: mean 4.5, squared deviations 0.25 × 3 + 2.25 = 3, variance 0.75
        assertThat(s.mean()).isCloseTo(4.5, offset(1e-12));
        assertThat(s.variance()).isCloseTo(0.75, offset(1e-12));
        assertThat(s.zScore(6, s.stdev())).isCloseTo(1.5 / Math.sqrt(0.75), offset(1e-12));
    }

    @Test
    void statsStayAccurateOverLongRunsOfLargeOffsetValues() {
        // log-price spreads: ~3.4 with tiny variation, drifting; compare with a two-pass computation
        SplittableRandom random = new SplittableRandom(11);
        int window = 100;
        int n = 50_000;
        double[] values = new double[n];
        RollingStats s = new RollingStats(window);
        double level = 3.4;
        for (int i = 0; i < n; i++) {
            level += random.nextGaussian() * 1e-4;
            values[i] = level + random.nextGaussian() * 1e-5;
            s.push(values[i]);
            if (i >= window - 1 && i % 997 == 0) {
                double mean = 0;
                for (int j = i - window + 1; j <= i; j++) {
                    mean += values[j];
                }
                mean /= window;
                double var = 0;
                for (int j = i - window + 1; j <= i; j++) {
                    var += (values[j] - mean) * (values[j] - mean);
                }
                var /= window;
                assertThat(s.mean()).isCloseTo(mean, offset(1e-12));
                assertThat(s.stdev()).isCloseTo(Math.sqrt(var), offset(Math.sqrt(var) * 1e-6));
            }
        }
    }
}
