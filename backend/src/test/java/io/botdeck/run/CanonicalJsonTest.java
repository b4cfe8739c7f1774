package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Canonical JSON: equal values, equal text; the basis of params and trades hashes. */
class CanonicalJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource({"0.50,0.5", "5E-1,0.5", "100.0,100", "100,100", "1E+2,100", "0,0", "0.000,0", "-0.0,0", "-12.3400,-12.34",
            "123.45678901,123.45678901", "1000,1000", "0.00000001,0.00000001"})
    void decimalsArePlainWithoutTrailingZeros(String given, String canonical) {
        assertThat(CanonicalJson.decimal(new BigDecimal(given))).isEqualTo(canonical);
        // the same as BigDecimal's own stripping, where that has a plain form
        BigDecimal v = new BigDecimal(given);
        assertThat(CanonicalJson.decimal(v)).isEqualTo(v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString());
    }

    @Test
    void objectsHaveSortedKeysNoSpacesAndPlainNumbers() {
        String a = CanonicalJson.of(json.readTree("{\"threshold\": 0.50, \"position_size\": 100, \"name\": \"a\\\"b\", \"list\": [1.0, true, null]}"));
        String b = CanonicalJson.of(json.readTree("{\"position_size\":1E+2,\"list\":[1,true,null],\"name\":\"a\\\"b\",\"threshold\":5E-1}"));
        assertThat(a).isEqualTo("{\"list\":[1,true,null],\"name\":\"a\\\"b\",\"position_size\":100,\"threshold\":0.5}");
        assertThat(b).isEqualTo(a);
        assertThat(CanonicalJson.sha256(a)).hasSize(64).isEqualTo(CanonicalJson.sha256(b));
        assertThat(CanonicalJson.of(json.readTree("{\"threshold\": 0.6}"))).isNotEqualTo(CanonicalJson.of(json.readTree("{\"threshold\": 0.5}")));
    }
}
