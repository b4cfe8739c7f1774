package io.botdeck.engine.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.stream.Stream;

import io.botdeck.core.Prices;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MarketSpecTest {

    @ParameterizedTest
    @CsvSource({
            "XBTUSD, XBTUSD, 0.01",
            "ETHUSD, ETHUSD, 0.1",
            "SOLUSD, SOLUSD, 1",
            "XRPUSD, XRPUSD, 100",
            "DOGEUSD, DOGEUSD, 1000",
            "xbtusd, XBTUSD, 0.01",
            "ADAUSD, ADAUSD, 1",
    })
    void knownMarketsHaveTheirContractSizeAndOthersOne(String symbol, String expectedSymbol, String expectedSize) {
        MarketSpec spec = MarketSpec.of(symbol);
        assertThat(spec.symbol()).isEqualTo(expectedSymbol);
        assertThat(spec.contractSize()).isEqualByComparingTo(expectedSize);
    }

    static Stream<Arguments> positions() {
        return Stream.of(
                // market, side, size, entry, exit, expected gross PnL (hand-computed)
                Arguments.of("XBTUSD", Side.LONG, 100, "89450", "89520", "70"),        // 100 × 70 × 0.01
                Arguments.of("XBTUSD", Side.SHORT, 100, "89600", "89550", "50"),       // −1 × 100 × −50 × 0.01
                Arguments.of("XBTUSD", Side.LONG, 100, "89400", "89380", "-20"),       // 100 × −20 × 0.01
                Arguments.of("ETHUSD", Side.SHORT, 10, "3000", "3100", "-100"),        // −1 × 10 × 100 × 0.1
                Arguments.of("DOGEUSD", Side.LONG, 5, "0.12345", "0.124", "2.75"),     // 5 × 0.00055 × 1000
                Arguments.of("XRPUSD", Side.SHORT, 3, "0.5", "0.45", "15"),            // −1 × 3 × −0.05 × 100
                Arguments.of("SOLUSD", Side.LONG, 7, "150.25", "150.25", "0"),
                // size × move in 1e-8 units overflows a long (1e12 × 1e8): still exact
                Arguments.of("SOLUSD", Side.SHORT, 1_000_000_000_000L, "100", "101", "-1000000000000"),
                // 1e-8 × 0.01 = 1e-10 rounds (HALF_EVEN, 8 decimals) to 0
                Arguments.of("XBTUSD", Side.LONG, 1, "89450.12345678", "89450.12345679", "0"));
    }

    @ParameterizedTest
    @MethodSource("positions")
    void grossPnlIsSignTimesSizeTimesMoveTimesContractSize(String market, Side side, long size, String entry,
                                                            String exit, String expected) {
        BigDecimal pnl = MarketSpec.of(market).grossPnl(side, size, Prices.of(entry), Prices.of(exit));
        assertThat(pnl).isEqualByComparingTo(expected);
        assertThat(pnl.scale()).isEqualTo(8);
    }

    @Test
    void pairMarketsSplitIntoLegs() {
        assertThat(MarketSpec.legsOf("XBTUSD+ETHUSD")).containsExactly(MarketSpec.of("XBTUSD"), MarketSpec.of("ETHUSD"));
        assertThat(MarketSpec.legsOf("SOLUSD")).containsExactly(MarketSpec.of("SOLUSD"));
        assertThatThrownBy(() -> MarketSpec.legsOf("XBTUSD+")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contractSizeMustBePositive() {
        assertThatThrownBy(() -> new MarketSpec("X", BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
