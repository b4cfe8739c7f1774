package io.botdeck.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botdeck.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The one rule for numbers in query parameters and GraphQL arguments. */
class QueryParamsTest {

    @Test
    void absentMeansTheDefault() {
        assertThat(QueryParams.size("limit", (String) null, 50, 1, 200)).isEqualTo(50);
        assertThat(QueryParams.size("limit", " ", 50, 1, 200)).isEqualTo(50);
        assertThat(QueryParams.size("limit", (Integer) null, 50, 1, 200)).isEqualTo(50);
        assertThat(QueryParams.wholeNumber("offset", (String) null, 0, 0, 10)).isZero();
        assertThat(QueryParams.wholeNumber("offset", (Integer) null, 0, 0, 10)).isZero();
        assertThat(QueryParams.wholeNumber("after", (Long) null, null, 0, 10)).isNull();
    }

    @Test
    void aSizeAboveItsMaximumIsCappedAndAnyOtherNumberIsRefused() {
        assertThat(QueryParams.size("limit", "5000", 50, 1, 200)).isEqualTo(200);
        assertThat(QueryParams.size("limit", 5000, 50, 1, 200)).isEqualTo(200);
        assertThat(QueryParams.size("limit", "7", 50, 1, 200)).isEqualTo(7);
        assertThat(QueryParams.wholeNumber("interval", "604800", 60, 1, 604_800)).isEqualTo(604_800);
        assertThat(refusal(() -> QueryParams.wholeNumber("interval", "604801", 60, 1, 604_800)))
                .isEqualTo("interval: must be at most 604800");
        assertThat(refusal(() -> QueryParams.wholeNumber("offset", 11, 0, 0, 10))).isEqualTo("offset: must be at most 10");
        assertThat(refusal(() -> QueryParams.wholeNumber("after", 11L, null, 0, 10))).isEqualTo("after: must be at most 10");
    }

    @Test
    void belowTheMinimumOrNotAWholeNumberIsRefusedEverywhere() {
        assertThat(refusal(() -> QueryParams.size("limit", "0", 50, 1, 200))).isEqualTo("limit: must be at least 1");
        assertThat(refusal(() -> QueryParams.size("limit", -1, 50, 1, 200))).isEqualTo("limit: must be at least 1");
        assertThat(refusal(() -> QueryParams.wholeNumber("offset", "-5", 0, 0, 10))).isEqualTo("offset: must be at least 0");
        assertThat(refusal(() -> QueryParams.size("limit", "abc", 50, 1, 200))).isEqualTo("limit: must be a whole number, not 'abc'");
        assertThat(refusal(() -> QueryParams.wholeNumber("offset", "1e3", 0, 0, 10))).isEqualTo("offset: must be a whole number, not '1e3'");
        assertThat(refusal(() -> QueryParams.size("limit", "99999999999999999999", 50, 1, 200)))
                .startsWith("limit: must be a whole number");
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputException e) {
            assertThat(e.fields()).hasSize(1);
            return e.getMessage();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aRefusalNamesTheField() {
        assertThatThrownBy(() -> QueryParams.size("tail", "x", 200, 0, 10_000))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).fields()).containsKey("tail"));
    }
}
