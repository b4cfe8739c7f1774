package io.botdeck.market.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.botdeck.IntegrationTest;
import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/** The candle archive against the real MariaDB. */
class CandleArchiveTest extends IntegrationTest {

    /** 2024-01-22T00:00:00Z. */
    static final long DAY = 1_705_881_600L;

    @Autowired
    CandleArchive archive;

    private final SimulatedPriceProcess process = new SimulatedPriceProcess();

    @BeforeEach
    void noCandles() {
        db.sql("DELETE FROM candles").then().block();
    }

    private List<Candle> simulated(String market, long from, int count) {
        List<Candle> out = new ArrayList<>();
        process.candles(market, from, from + count * 60L, 60, (t, o, h, l, c, v, n) -> out.add(new Candle(t, 60, o, h, l, c, v, n)));
        return out;
    }

    private long insertStatements() {
        return db.sql("SHOW GLOBAL STATUS LIKE 'Com_insert'")
                .map(row -> Long.parseLong(row.get(1, String.class))).one().block();
    }

    @Test
    void aBatchedSaveReadsBackExactlyInTimeOrderInChunksOfAThousandRows() {
        List<Candle> candles = simulated("XBTUSD", DAY, 2_500);
        long before = insertStatements();
        StepVerifier.create(archive.saveAll("XBTUSD", 60, candles, "simulated")).expectNext(2_500L).verifyComplete();
        long statements = insertStatements() - before;
        assertThat(statements).as("INSERT statements for 2,500 rows").isBetween(3L, 6L);

        StepVerifier.create(archive.range("XBTUSD", 60, DAY, DAY + 2_500 * 60L).collectList())
                .assertNext(back -> assertThat(back).isEqualTo(candles))
                .verifyComplete();
        assertThat(count("SELECT COUNT(*) FROM candles WHERE source = 'simulated'")).isEqualTo(2_500);
        assertThat(CandleArchive.insertSql(2)).contains("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE");
    }

    @Test
    void smallPricesAndLongDecimalsRoundTrip() {
        List<Candle> doge = List.of(
                new Candle(DAY, 60, Prices.of("0.20001"), Prices.of("0.20009"), Prices.of("0.00000001"), Prices.of("0.2"),
                        Prices.of("92233720367.12345678"), Integer.MAX_VALUE),
                new Candle(DAY + 60, 60, Prices.of("92233720367.99999999"), Prices.of("92233720367.99999999"),
                        Prices.of("1"), Prices.of("1.5"), 0, 0));
        StepVerifier.create(archive.saveAll("DOGEUSD", 60, doge, "import")).expectNext(2L).verifyComplete();
        StepVerifier.create(archive.range("DOGEUSD", 60, 0, Long.MAX_VALUE).collectList())
                .assertNext(back -> assertThat(back).isEqualTo(doge))
                .verifyComplete();
    }

    @Test
    void savingAgainReplacesTheCandlesAtTheSameTimes() {
        List<Candle> first = simulated("ETHUSD", DAY, 10);
        archive.saveAll("ETHUSD", 60, first, "scraper").block();
        List<Candle> changed = first.stream()
                .map(c -> new Candle(c.time(), 60, c.open(), c.high() + 5_000_000, c.low(), c.close(), c.volume() + 1, c.trades() + 1))
                .toList();
        StepVerifier.create(archive.saveAll("ETHUSD", 60, changed.subList(5, 10), "import")).expectNext(5L).verifyComplete();
        StepVerifier.create(archive.range("ETHUSD", 60, DAY, DAY + 600).collectList())
                .assertNext(back -> {
                    assertThat(back.subList(0, 5)).isEqualTo(first.subList(0, 5));
                    assertThat(back.subList(5, 10)).isEqualTo(changed.subList(5, 10));
                })
                .verifyComplete();
        assertThat(count("SELECT COUNT(*) FROM candles WHERE market = 'ETHUSD' AND source = 'import'")).isEqualTo(5);
    }

    @Test
    void rangesAreHalfOpenAndKeepMarketsAndIntervalsApart() {
        archive.saveAll("XBTUSD", 60, simulated("XBTUSD", DAY, 60), "scraper").block();
        archive.saveAll("SOLUSD", 60, simulated("SOLUSD", DAY, 60), "scraper").block();
        archive.saveAll("XBTUSD", 3_600, List.of(process.candle("XBTUSD", DAY, 3_600)), "scraper").block();

        StepVerifier.create(archive.range("XBTUSD", 60, DAY + 60, DAY + 180).map(Candle::time))
                .expectNext(DAY + 60, DAY + 120).verifyComplete();
        StepVerifier.create(archive.count("XBTUSD", 60, DAY, DAY + 3_600)).expectNext(60L).verifyComplete();
        StepVerifier.create(archive.count("XBTUSD", 3_600, DAY, DAY + 3_600)).expectNext(1L).verifyComplete();
        StepVerifier.create(archive.count("XRPUSD", 60, DAY, DAY + 3_600)).expectNext(0L).verifyComplete();
        StepVerifier.create(archive.range("XBTUSD", 60, DAY, DAY + 3_600, 3).map(Candle::time))
                .expectNext(DAY, DAY + 60, DAY + 120).verifyComplete();
        StepVerifier.create(archive.latest("XBTUSD", 60, DAY, DAY + 3_600, 3).map(Candle::time))
                .expectNext(DAY + 3_420, DAY + 3_480, DAY + 3_540).verifyComplete();
    }

    @Test
    void latestTimeIsEmptyWithoutDataAndCoverageCountsWhatIsThere() {
        StepVerifier.create(archive.latestTime("XRPUSD")).verifyComplete();
        List<Candle> candles = new ArrayList<>(simulated("XRPUSD", DAY, 60));
        candles.subList(10, 20).clear();
        archive.saveAll("XRPUSD", 60, candles, "scraper").block();

        StepVerifier.create(archive.latestTime("XRPUSD")).expectNext(DAY + 59 * 60).verifyComplete();
        StepVerifier.create(archive.latestTime("XRPUSD", 3_600)).verifyComplete();
        StepVerifier.create(archive.coverage("XRPUSD", 60, DAY, DAY + 7_200))
                .assertNext(c -> {
                    assertThat(c.expected()).isEqualTo(120);
                    assertThat(c.present()).isEqualTo(50);
                    assertThat(c.missing()).isEqualTo(70);
                    assertThat(c.first()).isEqualTo(DAY);
                    assertThat(c.last()).isEqualTo(DAY + 59 * 60);
                    assertThat(c.complete()).isFalse();
                })
                .verifyComplete();
        StepVerifier.create(archive.coverage("XRPUSD", 60, DAY - 600, DAY))
                .assertNext(c -> {
                    assertThat(c.present()).isZero();
                    assertThat(c.first()).isNull();
                })
                .verifyComplete();
    }

    @Test
    void anEmptySaveWritesNothingAndBadArgumentsFail() {
        StepVerifier.create(archive.saveAll("XBTUSD", 60, List.of(), "scraper")).expectNext(0L).verifyComplete();
        StepVerifier.create(archive.saveAll("XBTUSD", 0, simulated("XBTUSD", DAY, 1), "scraper"))
                .expectError(IllegalArgumentException.class).verify();
        StepVerifier.create(archive.saveAll("XBTUSD", 60, simulated("XBTUSD", DAY, 1), "x".repeat(21)))
                .expectError(IllegalArgumentException.class).verify();
        assertThat(count("SELECT COUNT(*) FROM candles")).isZero();
    }
}
