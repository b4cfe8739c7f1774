package io.botdeck.market.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.error.InvalidInputException;
import io.botdeck.market.sim.CandleSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CandleCsvTest {

    private static final String HEADER = "time,open,high,low,close,volume,trades\n";

    @Test
    void writesPlainDecimalsWithoutTrailingZeros() {
        Candle c = new Candle(1_705_881_600, 60, Prices.of("90000"), Prices.of("90010.5"), Prices.of("89990.25"),
                Prices.of("90000.5"), Prices.of("12.34567891"), 87);
        assertThat(CandleCsv.row(c)).isEqualTo("1705881600,90000,90010.5,89990.25,90000.5,12.34567891,87");
        assertThat(CandleCsv.decimal(0)).isEqualTo("0");
        assertThat(CandleCsv.decimal(Prices.of("0.00001"))).isEqualTo("0.00001");
        assertThat(CandleCsv.decimal(Prices.of("1000000"))).isEqualTo("1000000");
    }

    @Test
    void readsWhatItWrites() {
        Candle a = new Candle(1_705_881_600, 60, Prices.of("0.20001"), Prices.of("0.20002"), Prices.of("0.19999"),
                Prices.of("0.2"), Prices.of("123456.0001"), 3);
        Candle b = new Candle(1_705_881_660, 60, Prices.of("92233720367.99999999"), Prices.of("92233720367.99999999"),
                Prices.of("0.00000001"), Prices.of("1"), 0, 0);
        CandleSeries parsed = CandleCsv.parse("\uFEFF" + HEADER + CandleCsv.row(a) + "\r\n\n" + CandleCsv.row(b) + "\n\n", 60);
        assertThat(parsed.asList()).containsExactly(a, b);
    }

    @Test
    void theHeaderMayUseAnyLetterCaseAndSpaces() {
        assertThat(CandleCsv.parse("Time, Open, High, Low, Close, Volume, Trades\n60,1,1,1,1,0,0", 60).size()).isEqualTo(1);
    }

    static Stream<Arguments> badFiles() {
        String ok = "1705881600,100,101,99,100.5,1.5,3\n";
        return Stream.of(
                Arguments.of("", 1, "the CSV is empty"),
                Arguments.of("time,open,high,low,close,volume\n" + ok, 1, "the header must be time,open,high,low,close,volume,trades"),
                Arguments.of("open,time,high,low,close,volume,trades\n", 1, "the header must be"),
                Arguments.of(HEADER, 2, "no candle rows"),
                Arguments.of(HEADER + ok + "1705881660,100,101,99,100\n", 3, "expected 7 fields"),
                Arguments.of(HEADER + "17058816OO,100,101,99,100,1,1\n", 2, "time must be a whole number"),
                Arguments.of(HEADER + "-60,100,101,99,100,1,1\n", 2, "time must be a whole number"),
                Arguments.of(HEADER + "1705881630,100,101,99,100,1,1\n", 2, "time 1705881630 is not on the 60 s grid"),
                Arguments.of(HEADER + ok + ok, 3, "not after line 2's 1705881600"),
                Arguments.of(HEADER + "1705881660,100,101,99,100,1,1\n" + ok, 3, "ascending time order"),
                Arguments.of(HEADER + "1705881600,abc,101,99,100,1,1\n", 2, "open must be a positive decimal number"),
                Arguments.of(HEADER + "1705881600,1e3,1001,99,100,1,1\n", 2, "open must be a positive decimal number"),
                Arguments.of(HEADER + "1705881600,-100,101,99,100,1,1\n", 2, "open must be"),
                Arguments.of(HEADER + "1705881600,0,101,0,100,1,1\n", 2, "open must be greater than 0"),
                Arguments.of(HEADER + "1705881600,100.123456789,101,99,100,1,1\n", 2, "more than 8 decimals"),
                Arguments.of(HEADER + "1705881600,92233720368,92233720368,99,100,1,1\n", 2, "open 92233720368 is too large (at most 92233720367.99999999)"),
                Arguments.of(HEADER + "1705881600,100,101,99,100,,1\n", 2, "volume must be a decimal number"),
                Arguments.of(HEADER + "1705881600,100,101,99,100,99999999999,1\n", 2, "volume 99999999999 is too large"),
                Arguments.of(HEADER + "1705881600,100,101,99,100," + "9".repeat(30) + ",1\n", 2, "is too large"),
                Arguments.of(HEADER + "1705881600,100,101,99,100,1,1.5\n", 2, "trades must be a whole number"),
                Arguments.of(HEADER + "1705881600,100,101,99,100,1,3000000000\n", 2, "trades 3000000000 is too large"),
                Arguments.of(HEADER + ok + "1705881660,100,100.5,99,101,1,1\n", 3, "high 100.5 is below close 101"),
                Arguments.of(HEADER + "1705881600,102,101,99,100,1,1\n", 2, "high 101 is below open 102"),
                Arguments.of(HEADER + "1705881600,100,101,100.5,101,1,1\n", 2, "low 100.5 is above open 100"),
                Arguments.of(HEADER + "1705881600,100,101,99," + "9".repeat(1_100) + ",1,1\n", 2, "longer than 1024"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badFiles")
    void aBadLineIsNamedWithItsNumber(String csv, int line, String message) {
        assertThatThrownBy(() -> CandleCsv.parse(csv, 60))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsEntry("line", String.valueOf(line)));
    }

    @Test
    void anUploadIsCappedInRows() {
        CandleCsv.Parser parser = new CandleCsv.Parser(60, 3);
        parser.accept(HEADER.trim());
        for (int i = 0; i < 3; i++) {
            parser.accept((60L * i) + ",1,1,1,1,0,0");
        }
        assertThatThrownBy(() -> parser.accept("180,1,1,1,1,0,0"))
                .hasMessage("line 5: more than 3 candle rows; split the file into several uploads");
    }

    @Test
    void coverageCountsTheIntervalGridInAHalfOpenRange() {
        assertThat(Coverage.expected(0, 3_600, 60)).isEqualTo(60);
        assertThat(Coverage.expected(1, 3_600, 60)).isEqualTo(59);
        assertThat(Coverage.expected(0, 3_601, 60)).isEqualTo(61);
        assertThat(Coverage.expected(100, 100, 60)).isZero();
        assertThat(Coverage.expected(130, 170, 60)).isZero();
        Coverage c = new Coverage("XBTUSD", 60, 0, 3_600, 60, 45, 0L, 3_540L);
        assertThat(c.missing()).isEqualTo(15);
        assertThat(c.fraction()).isEqualTo(0.75);
        assertThat(c.complete()).isFalse();
    }
}
