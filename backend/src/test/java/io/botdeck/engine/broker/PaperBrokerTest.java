package io.botdeck.engine.broker;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import io.botdeck.core.Prices;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PaperBrokerTest {

    private final RecordingListener listener = new RecordingListener();

    private PaperBroker broker(String market, String feeRate) {
        return new PaperBroker(List.of(MarketSpec.of(market)), listener, new BigDecimal(feeRate), 1);
    }

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                // market, fee rate, side, size, entry, exit, expected fees, expected net pnl
                Arguments.of("XBTUSD", "0", Side.LONG, 100, "89450", "89520", "0", "70"),
                Arguments.of("XBTUSD", "0", Side.SHORT, 100, "89600", "89550", "0", "50"),
                Arguments.of("XBTUSD", "0", Side.LONG, 100, "89400", "89380", "0", "-20"),
                // fees: 0.0005 × 100 × 89450 × 0.01 = 44.725 and 0.0005 × 100 × 89520 × 0.01 = 44.76
                // pnl = 70 − 89.485
                Arguments.of("XBTUSD", "0.0005", Side.LONG, 100, "89450", "89520", "89.485", "-19.485"),
                // fees: 0.0005 × 10 × 3000 × 0.1 = 1.5 and 0.0005 × 10 × 2990 × 0.1 = 1.495
                // gross = −1 × 10 × −10 × 0.1 = 10; pnl = 10 − 2.995
                Arguments.of("ETHUSD", "0.0005", Side.SHORT, 10, "3000", "2990", "2.995", "7.005"),
                // fees: 0.0005 × 2 × 0.5 × 100 = 0.05 and 0.0005 × 2 × 0.6 × 100 = 0.06; gross 2 × 0.1 × 100 = 20
                Arguments.of("XRPUSD", "0.0005", Side.LONG, 2, "0.5", "0.6", "0.11", "19.89"),
                // each fee 0.0005 × 1 × 0.00003 × 1 = 1.5e-8 → HALF_EVEN → 0.00000002 (2 is even)
                Arguments.of("SOLUSD", "0.0005", Side.LONG, 1, "0.00003", "0.00003", "0.00000004", "-0.00000004"),
                // each fee 0.0005 × 1 × 0.00001 = 5e-9 → HALF_EVEN → 0.00000000
                Arguments.of("SOLUSD", "0.0005", Side.SHORT, 1, "0.00001", "0.00001", "0", "0"),
                // size × price in 1e-8 units overflows a long: fees 0.0005 × 1e12 × 100 = 5e10 each
                Arguments.of("SOLUSD", "0.0005", Side.LONG, 1_000_000_000_000L, "100", "100", "100000000000",
                        "-100000000000"));
    }

    @ParameterizedTest
    @MethodSource("roundTrips")
    void closingComputesNetPnlAndFees(String market, String feeRate, Side side, long size, String entry, String exit,
                                      String fees, String pnl) {
        PaperBroker broker = broker(market, feeRate);
        broker.open(0, side, size, Prices.of(entry), 1_000);
        ClosedTrade closed = broker.close(0, Prices.of(exit), 61_000, ClosedTrade.TAKE_PROFIT);

        assertThat(closed.fees()).isEqualByComparingTo(fees);
        assertThat(closed.pnl()).isEqualByComparingTo(pnl);
        assertThat(closed.side()).isEqualTo(side);
        assertThat(closed.size()).isEqualTo(size);
        assertThat(closed.entryPrice()).isEqualByComparingTo(entry);
        assertThat(closed.exitPrice()).isEqualByComparingTo(exit);
        assertThat(closed.durationMillis()).isEqualTo(60_000);
        assertThat(closed.exitReason()).isEqualTo("take_profit");
        assertThat(broker.isFlat(0)).isTrue();
    }

    @Test
    void feeIsRatePerFillOfNotionalRoundedHalfEvenTo8Decimals() {
        PaperBroker broker = broker("DOGEUSD", "0.0005");
        // 0.0005 × 1 × 0.12345679 × 1000 = 0.061728395 → 9 is odd, the half goes up → 0.06172840
        assertThat(broker.fee(0, 1, new BigDecimal("0.12345679"))).isEqualByComparingTo("0.06172840");
        assertThat(new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener).feeRate())
                .isEqualByComparingTo("0.0005");
    }

    @Test
    void tradesAreNumberedFromTheStartingNumberAndSingleTradesAreTheirOwnGroup() {
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener, BigDecimal.ZERO, 41);
        OpenTrade first = broker.open(0, Side.LONG, 1, Prices.of("100"), 0);
        broker.close(0, Prices.of("101"), 1, ClosedTrade.REVERSAL);
        OpenTrade second = broker.open(0, Side.SHORT, 1, Prices.of("100"), 2);

        assertThat(first.tradeNo()).isEqualTo(41);
        assertThat(first.groupNo()).isEqualTo(41);
        assertThat(second.tradeNo()).isEqualTo(42);
        assertThat(second.groupNo()).isEqualTo(42);
        assertThat(broker.nextTradeNo()).isEqualTo(43);
    }

    @Test
    void pairLegsShareTheGroupOfTheFirstLeg() {
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD"), MarketSpec.of("ETHUSD")), listener,
                BigDecimal.ZERO, 1);
        OpenTrade a = broker.open(0, Side.SHORT, 100, Prices.of("90000"), 0);
        OpenTrade b = broker.open(1, Side.LONG, 300, Prices.of("3000"), 0, a.groupNo());

        assertThat(List.of(a.tradeNo(), a.groupNo(), b.tradeNo(), b.groupNo())).containsExactly(1, 1, 2, 1);
        assertThat(broker.openPositions()).containsExactly(a, b);
        assertThat(broker.position("ETHUSD")).isEqualTo(b);
        assertThat(broker.position("SOLUSD")).isNull();
        ClosedTrade closedB = broker.close(1, Prices.of("3010"), 5, ClosedTrade.REVERSION);
        assertThat(closedB.groupNo()).isEqualTo(1);
        assertThat(closedB.pnl()).isEqualByComparingTo("300"); // 300 × 10 × 0.1
    }

    @Test
    void listenerHearsOpenThenClose() {
        PaperBroker broker = broker("XBTUSD", "0");
        OpenTrade open = broker.open(0, Side.LONG, 100, Prices.of("89450"), 10);
        ClosedTrade closed = broker.close(0, Prices.of("89520"), 20, ClosedTrade.STOP_LOSS);
        assertThat(listener.events).containsExactly(open, closed);
        assertThat(open).isEqualTo(new OpenTrade(1, 1, "XBTUSD", Side.LONG, 100, new BigDecimal("89450.00000000"), 10));
    }

    @Test
    void positionQueriesReflectTheHeldPosition() {
        PaperBroker broker = broker("XBTUSD", "0");
        assertThat(broker.side(0)).isNull();
        assertThat(broker.size(0)).isZero();
        assertThat(broker.entryPrice(0)).isZero();
        broker.open(0, Side.SHORT, 7, Prices.of("89450.5"), 0);
        assertThat(broker.side(0)).isEqualTo(Side.SHORT);
        assertThat(broker.size(0)).isEqualTo(7);
        assertThat(broker.entryPrice(0)).isEqualTo(8_945_050_000_000L);
        assertThat(broker.legOf("XBTUSD")).isZero();
        assertThat(broker.legOf("ETHUSD")).isEqualTo(-1);
    }

    @Test
    void openingTwiceOrClosingFlatIsRefused() {
        PaperBroker broker = broker("XBTUSD", "0");
        assertThatThrownBy(() -> broker.close(0, Prices.of("1"), 0, ClosedTrade.STOP_LOSS))
                .isInstanceOf(IllegalStateException.class);
        broker.open(0, Side.LONG, 1, Prices.of("1"), 0);
        assertThatThrownBy(() -> broker.open(0, Side.SHORT, 1, Prices.of("1"), 0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> broker(("XBTUSD"), "0").open(0, Side.LONG, 0, Prices.of("1"), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener, BigDecimal.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoredPositionClosesNormallyAndNumberingMovesPastIt() {
        PaperBroker broker = broker("XBTUSD", "0.0005");
        broker.restore(new OpenTrade(7, 7, "XBTUSD", Side.LONG, 100, new BigDecimal("89450"), 1_000));
        assertThat(listener.events).isEmpty();
        assertThat(broker.nextTradeNo()).isEqualTo(8);

        ClosedTrade closed = broker.close(0, Prices.of("89520"), 2_000, ClosedTrade.SESSION_END);
        assertThat(closed.tradeNo()).isEqualTo(7);
        assertThat(closed.pnl()).isEqualByComparingTo("-19.485");
        assertThat(broker.open(0, Side.LONG, 1, Prices.of("1"), 3_000).tradeNo()).isEqualTo(8);
    }
}
