package io.botdeck.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.botdeck.core.Prices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FmtTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "89450|89,450",
            "89448.5|89,448.5",
            "1234567.125|1,234,567.125",
            "0.12345678|0.12345678",
            "0.00000001|0.00000001",
            "999|999",
            "1000|1,000",
            "0|0",
    })
    void pricesHaveThousandsSeparatorsAndNoTrailingZeros(String price, String expected) {
        assertThat(Fmt.price(Prices.of(price))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "70|+$70.00",
            "-20|-$20.00",
            "1234.5|+$1,234.50",
            "0|$0.00",
            "-0.004|$0.00",
            "0.005|$0.00",
            "0.015|+$0.02",
            "-19.485|-$19.48",
    })
    void dollarsAreSignedWithTwoDecimalsHalfEven(String amount, String expected) {
        assertThat(Fmt.usd(new BigDecimal(amount))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.48|0.48",
            "0.5|0.50",
            "0.733333|0.73",
            "1|1.00",
            "-2.144|-2.14",
            "-0.001|0.00",
            "1.7320508|1.73",
    })
    void ratiosHaveTwoDecimals(double value, String expected) {
        assertThat(Fmt.ratio(value)).isEqualTo(expected);
    }
}
