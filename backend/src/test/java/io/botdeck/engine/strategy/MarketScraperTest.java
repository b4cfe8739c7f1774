package io.botdeck.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Tick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarketScraperTest {

    private static Tick trade(String market, long millis, String last, String volume) {
        long price = Prices.of(last);
        return new Tick(market, millis, price - Prices.SCALE, price + Prices.SCALE, price, Prices.of(volume));
    }

    private static Tick quote(String market, long millis, String bid, String ask) {
        return new Tick(market, millis, Prices.of(bid), Prices.of(ask), 0, 0);
    }

    private static Candle candle(long time, String o, String h, String l, String c, String volume, int trades) {
        return new Candle(time, 60, Prices.of(o), Prices.of(h), Prices.of(l), Prices.of(c), Prices.of(volume), trades);
    }

    @Test
    void ticksBecomeOneMinuteCandlesPerMarket() {
        MarketScraper scraper = new MarketScraper(60);
        scraper.onTick(trade("XBTUSD", 60_000, "100", "1"));
        scraper.onTick(trade("XBTUSD", 70_000, "105", "2"));
        scraper.onTick(quote("ETHUSD", 65_000, "2999", "3001"));      // no last trade: mid 3,000
        scraper.onTick(trade("XBTUSD", 110_000, "95", "3"));
        assertThat(scraper.drainFinished()).isEmpty();
        assertThat(scraper.openCandles()).isEqualTo(2);

        scraper.onTick(trade("XBTUSD", 120_000, "101", "1"));         // minute 2 finishes minute 1
        scraper.onTick(trade("XBTUSD", 119_999, "500", "9"));         // late: minute 1 is finished
        scraper.closeElapsed(120_000);                                 // ETH's minute 1 has ended

        assertThat(scraper.drainFinished()).containsExactly(
                new MarketCandle("XBTUSD", candle(60, "100", "105", "95", "95", "6", 3)),
                new MarketCandle("ETHUSD", candle(60, "3000", "3000", "3000", "3000", "0", 1)));
        assertThat(scraper.drainFinished()).isEmpty();
        assertThat(scraper.flush()).containsExactly(
                new MarketCandle("XBTUSD", candle(120, "101", "101", "101", "101", "1", 1)));

        assertThat(scraper.dataPoints()).isEqualTo(6);
        assertThat(scraper.dataPoints("XBTUSD")).isEqualTo(5);
        assertThat(scraper.dataPoints("ETHUSD")).isEqualTo(1);
        assertThat(scraper.dataPoints("SOLUSD")).isZero();
        assertThat(scraper.lateTicks()).isEqualTo(1);
        assertThat(scraper.candlesFinished()).isEqualTo(3);
        assertThat(scraper.markets()).containsExactly("XBTUSD", "ETHUSD");
    }

    @Test
    void aTickOlderThanTheOpenCandleIsDropped() {
        MarketScraper scraper = new MarketScraper(60);
        scraper.onTick(trade("XBTUSD", 185_000, "100", "1"));
        scraper.onTick(trade("XBTUSD", 125_000, "1", "1"));
        assertThat(scraper.lateTicks()).isEqualTo(1);
        assertThat(scraper.flush()).containsExactly(
                new MarketCandle("XBTUSD", candle(180, "100", "100", "100", "100", "1", 1)));
    }

    @Test
    void aGapSkipsEmptyMinutes() {
        MarketScraper scraper = new MarketScraper(60);
        scraper.onTick(trade("SOLUSD", 0, "150", "1"));
        scraper.onTick(trade("SOLUSD", 5 * 60_000 + 1, "151", "1"));
        assertThat(scraper.drainFinished()).extracting(c -> c.candle().time()).containsExactly(0L);
        assertThat(scraper.flush()).extracting(c -> c.candle().time()).containsExactly(300L);
    }

    @ParameterizedTest
    @CsvSource({
            // interval s, first tick ms, last archive ms (-1 = never), now ms, due?
            "60, 1000, -1, 60999, false",
            "60, 1000, -1, 61000, true",
            "60, 1000, 61000, 120999, false",
            "60, 1000, 61000, 121000, true",
            "5, 0, -1, 4999, false",
            "5, 0, -1, 5000, true",
    })
    void archiveIsDueEveryInterval(int interval, long firstTick, long archivedAt, long now, boolean due) {
        MarketScraper scraper = new MarketScraper(interval);
        assertThat(scraper.dueForArchive(now)).as("nothing seen yet").isFalse();
        scraper.onTick(trade("XBTUSD", firstTick, "100", "1"));
        if (archivedAt >= 0) {
            scraper.markArchived(archivedAt);
        }
        assertThat(scraper.dueForArchive(now)).isEqualTo(due);
    }

    @Test
    void intervalMustBePositive() {
        assertThatThrownBy(() -> new MarketScraper(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
