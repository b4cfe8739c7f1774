package io.botdeck.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.botdeck.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class SessionSortTest {

    @Test
    void parsesFieldAndDirection() {
        assertThat(SessionSort.parse("created_at:desc")).isEqualTo(new SessionSort("created_at", true));
        assertThat(SessionSort.parse("TOTAL_PNL:ASC")).isEqualTo(new SessionSort("total_pnl", false));
        assertThat(SessionSort.parse("name")).isEqualTo(new SessionSort("name", true));
        assertThat(SessionSort.parse(null)).isEqualTo(SessionSort.DEFAULT);
    }

    @Test
    void onlyWhitelistedColumnsReachSql() {
        assertThatThrownBy(() -> SessionSort.parse("id")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SessionSort.parse("name) OR 1=1 --:asc")).isInstanceOf(InvalidInputException.class);
        assertThat(SessionSort.parse("win_rate:asc").sql()).isEqualTo("win_rate ASC, row_no ASC");
    }
}
