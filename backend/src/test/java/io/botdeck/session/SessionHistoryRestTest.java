package io.botdeck.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The history filters of {@code GET /sessions}: time bounds, word search, totals and their bound. */
class SessionHistoryRestTest extends IntegrationTest {

    /**
     * {@code n} finished backtests "Sweep 1" .. "Sweep n" straight into the table, created a minute
     * apart from 2025-01-01 00:01 on, each stopped 30 s after it was created.
     */
    private void seed(int n) {
        db.sql("INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, created_at, started_at, stopped_at) "
                        + "SELECT CONCAT('00000000-0000-4000-8000-', LPAD(seq, 12, '0')), CONCAT('Sweep ', seq), 'backtest', "
                        + "IF(seq % 2 = 0, 'XBTUSD', 'ETHUSD'), 'TestBot', '{}', IF(seq % 10 = 0, 'failed', 'completed'), "
                        + "TIMESTAMP('2025-01-01') + INTERVAL seq MINUTE, TIMESTAMP('2025-01-01') + INTERVAL seq MINUTE, "
                        + "TIMESTAMP('2025-01-01') + INTERVAL seq MINUTE + INTERVAL 30 SECOND FROM seq_1_to_" + n)
                .then().block();
    }

    private static long at(String minuteAfterNewYear) {
        return java.time.Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() + Long.parseLong(minuteAfterNewYear) * 60;
    }

    private List<String> names(String query) {
        Object sessions = http.get().uri("/sessions?" + query).exchange().expectStatus().isOk()
                .expectBody(java.util.Map.class).returnResult().getResponseBody().get("sessions");
        return ((List<?>) sessions).stream().map(s -> (String) ((java.util.Map<?, ?>) s).get("name")).toList();
    }

    @Test
    void timeBoundsIncludeTheirStartAndExcludeTheirEnd() {
        seed(10);
        // created at minutes 1..10; stopped 30 s later
        assertThat(names("created_after=" + at("3") + "&created_before=" + at("6") + "&sort=created_at:asc"))
                .containsExactly("Sweep 3", "Sweep 4", "Sweep 5");
        assertThat(names("stopped_after=" + (at("8") + 30) + "&sort=stopped_at:asc"))
                .containsExactly("Sweep 8", "Sweep 9", "Sweep 10");
        assertThat(names("stopped_before=" + (at("2") + 30) + "&sort=stopped_at:asc")).containsExactly("Sweep 1");
        http.get().uri("/sessions?created_after=" + at("3") + "&created_before=" + at("6") + "&status=failed")
                .exchange().expectBody()
                .jsonPath("$.total").isEqualTo(0)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false);
        http.get().uri("/sessions?stopped_after=" + at("5")).exchange().expectBody()
                .jsonPath("$.total").isEqualTo(6)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false);
    }

    @Test
    void aSessionThatNeverStoppedIsOutsideEveryStopBound() {
        String running = createTest();
        post("/sessions/" + running + "/start").expectStatus().isOk();
        seed(3);
        http.get().uri("/sessions?stopped_after=0").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.sessions[*].id").value(ids -> assertThat((Iterable<String>) ids).doesNotContain(running));
    }

    @Test
    void searchFindsWordBeginningsInNameStrategyMarketAndNotesAndShortWordsAnywhere() {
        String a = create("{\"name\":\"Momentum sweep alpha\",\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
        String b = create("{\"name\":\"Plain\",\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\","
                + "\"notes\":\"tried the breakout idea\"}");
        String c = create("{\"name\":\"Pairs #42\",\"type\":\"test\",\"market\":\"XBTUSD+SOLUSD\",\"strategy\":\"PairTradeBot\"}");
        assertThat(names("search=moment")).containsExactly("Momentum sweep alpha");
        assertThat(names("search=BREAKOUT")).containsExactly("Plain");
        assertThat(names("search=solusd")).containsExactly("Pairs #42");
        assertThat(names("search=pairtrade")).containsExactly("Pairs #42");
        assertThat(names("search=eth")).containsExactly("Momentum sweep alpha");
        // a word must start a word: "omentum" is inside "Momentum", not at its start
        assertThat(names("search=omentum")).isEmpty();
        // every word must be found
        assertThat(names("search=sweep alpha")).containsExactly("Momentum sweep alpha");
        assertThat(names("search=sweep breakout")).isEmpty();
        // short words (and stop words) are found anywhere
        assertThat(names("search=42")).containsExactly("Pairs #42");
        assertThat(names("search=the idea")).containsExactly("Plain");
        assertThat(List.of(a, b, c)).doesNotContainNull();
        http.get().uri("/sessions?search=sweep").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false);
    }

    @Test
    void totalsOfStatusTypeAndMarketAreExactAndFollowEveryChange() {
        seed(30);
        String live = createTest();
        http.get().uri("/sessions?status=completed,failed&type=backtest&market=XBTUSD").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(15)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false);
        http.get().uri("/sessions?status=failed").exchange().expectBody().jsonPath("$.total").isEqualTo(3);
        http.get().uri("/sessions").exchange().expectBody().jsonPath("$.total").isEqualTo(31);
        post("/sessions/" + live + "/start").expectStatus().isOk();
        http.get().uri("/sessions?status=running").exchange().expectBody().jsonPath("$.total").isEqualTo(1);
        http.get().uri("/sessions?status=created").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
        post("/sessions/" + live + "/stop").expectStatus().isOk();
        http.get().uri("/sessions?status=stopped&type=test").exchange().expectBody().jsonPath("$.total").isEqualTo(1);
        http.delete().uri("/sessions/" + live).exchange().expectStatus().isOk();
        http.get().uri("/sessions?status=stopped").exchange().expectBody().jsonPath("$.total").isEqualTo(0);
        db.sql("DELETE FROM sessions WHERE name LIKE 'Sweep 1%'").then().block();
        http.get().uri("/sessions").exchange().expectBody().jsonPath("$.total").isEqualTo(30 - 11);
    }

    @Test
    void aSearchOrPeriodBeyondTheCountCapHasALowerBoundTotalUntilItsLastPage() {
        seed(10_050);
        http.get().uri("/sessions?search=sweep&limit=20").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(10_000)
                .jsonPath("$.total_is_lower_bound").isEqualTo(true)
                .jsonPath("$.sessions.length()").isEqualTo(20);
        http.get().uri("/sessions?stopped_after=0&limit=200&offset=10000").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(10_050)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false)
                .jsonPath("$.sessions.length()").isEqualTo(50);
        http.get().uri("/sessions?stopped_after=0&limit=200&offset=10200").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(10_200)
                .jsonPath("$.total_is_lower_bound").isEqualTo(true);
        // "sweep" begins a word of more than 10,000 sessions: it is searched row by row, with the same result
        assertThat(names("search=SWEEP 100&sort=created_at:asc&limit=5"))
                .containsExactly("Sweep 100", "Sweep 1000", "Sweep 1001", "Sweep 1002", "Sweep 1003");
        assertThat(names("search=swee&market=XBTUSD&sort=created_at:desc&limit=2")).containsExactly("Sweep 10050", "Sweep 10048");
        assertThat(names("search=weep")).isEmpty();
        // a common word with another filter is not counted: the total is as far as the page reaches, plus one
        // while more follow, and exact on the last page
        http.get().uri("/sessions?search=sweep&market=XBTUSD&limit=20&offset=40").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(61)
                .jsonPath("$.total_is_lower_bound").isEqualTo(true)
                .jsonPath("$.sessions.length()").isEqualTo(20);
        http.get().uri("/sessions?search=sweep&market=XBTUSD&limit=200&offset=4900").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(5_025)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false)
                .jsonPath("$.sessions.length()").isEqualTo(125);
        http.get().uri("/sessions?search=sweep&market=XBTUSD&limit=20&offset=6000").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(5_025)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false)
                .jsonPath("$.sessions.length()").isEqualTo(0);
        // a period sorted by another column, the page deep among its few matches: the same rows the database
        // gives for the whole list
        long from = at("9000") + 30;
        for (int offset : new int[] {0, 40, 600, 1040, 1100}) {
            List<String> expected = db.sql("SELECT name FROM sessions IGNORE INDEX (idx_stopped, idx_name) "
                            + "WHERE stopped_at >= FROM_UNIXTIME(:from) AND market = 'ETHUSD' ORDER BY name ASC, row_no ASC "
                            + "LIMIT 20 OFFSET :o")
                    .bind("from", from).bind("o", offset).map(row -> row.get("name", String.class)).all().collectList().block();
            assertThat(names("stopped_after=" + from + "&market=ETHUSD&sort=name:asc&limit=20&offset=" + offset))
                    .as("offset " + offset).isEqualTo(expected);
        }
        http.get().uri("/sessions?stopped_after=" + from + "&market=ETHUSD&sort=name:asc&limit=20&offset=1040").exchange()
                .expectBody().jsonPath("$.total").isEqualTo(525).jsonPath("$.total_is_lower_bound").isEqualTo(false);
        // without search or period the total is kept exactly, however large
        http.get().uri("/sessions?status=completed,failed").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(10_050)
                .jsonPath("$.total_is_lower_bound").isEqualTo(false);
        // a deep page of the newest-stop order is the same rows the start of the reversed order gives
        List<String> deep = names("status=completed,failed&sort=stopped_at:desc&limit=20&offset=10030");
        assertThat(deep).hasSize(20).first().isEqualTo("Sweep 20");
        assertThat(deep).last().isEqualTo("Sweep 1");
    }

    @Test
    void badTimeBoundsAreBadRequests() {
        for (String bad : List.of("stopped_after=yesterday", "stopped_before=-1", "created_after=1.5", "created_before=9e9x")) {
            http.get().uri("/sessions?" + bad).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.success").isEqualTo(false)
                    .jsonPath("$.error").value(e -> assertThat((String) e).contains(bad.substring(0, bad.indexOf('='))))
                    .jsonPath("$.fields." + bad.substring(0, bad.indexOf('='))).exists();
        }
    }

    @Test
    void generatedNamesTakeTheNextNumberOfTheirPrefixAndPassNumbersGivenByHand() {
        createTest();
        create("{\"name\":\"BTC Test #7\",\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}");
        String next = createTest();
        http.get().uri("/sessions/" + next).exchange().expectBody().jsonPath("$.session.name").isEqualTo("BTC Test #8");
        patchJson("/sessions/" + next, "{\"name\":\"BTC Test #20\"}").expectStatus().isOk();
        String after = createTest();
        http.get().uri("/sessions/" + after).exchange().expectBody().jsonPath("$.session.name").isEqualTo("BTC Test #21");
        assertThat(count("SELECT last_no FROM session_name_counters WHERE prefix = 'BTC Test #'")).isEqualTo(21);
    }
}
