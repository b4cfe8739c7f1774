package io.botdeck.market.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botdeck.core.Candle;
import org.junit.jupiter.api.Test;

class CandleSeriesTest {

    @Test
    void growsAndReadsBackColumnsAndRecords() {
        CandleSeries series = new CandleSeries(60, 1);
        for (int i = 0; i < 1_000; i++) {
            series.accept(i * 60L, 10 + i, 20 + i, 5 + i, 15 + i, 100L * i, i);
        }
        series.add(new Candle(60_000, 60, 1, 2, 1, 2, 3, 4));
        assertThat(series.size()).isEqualTo(1_001);
        assertThat(series.high(999)).isEqualTo(1_019);
        assertThat(series.get(3)).isEqualTo(new Candle(180, 60, 13, 23, 8, 18, 300, 3));
        assertThat(series.asList()).hasSize(1_001).element(1_000).isEqualTo(new Candle(60_000, 60, 1, 2, 1, 2, 3, 4));
        assertThatThrownBy(() -> series.time(1_001)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> series.asList().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
