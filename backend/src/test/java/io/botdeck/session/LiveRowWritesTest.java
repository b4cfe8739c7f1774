package io.botdeck.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Results, progress and heartbeats of running sessions are written across sessions in batches, each value exactly. */
class LiveRowWritesTest extends IntegrationTest {

    @Autowired
    private LiveRowWrites writes;

    /** The rows this test made look running have no run behind them: nothing to stop, they just go. */
    @org.junit.jupiter.api.AfterEach
    void removeRowsWithoutRuns() {
        db.sql("DELETE FROM sessions WHERE name LIKE 'batch %'").then().block();
    }

    /** {@code n} sessions created straight in the table (the API is not what this is about), all running. */
    private List<String> runningSessions(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(java.util.UUID.randomUUID().toString());
        }
        Flux.fromIterable(ids).concatMap(id -> db.sql("INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, "
                        + "created_at, started_at, last_updated) VALUES (:id, :name, 'test', 'XBTUSD', 'TestBot', '{}', 'running', :now, :now, :hourAgo)")
                .bind("id", id).bind("name", "batch " + id).bind("now", utcNow(0)).bind("hourAgo", utcNow(3600)).then()).then().block();
        return ids;
    }

    private static java.time.LocalDateTime utcNow(long secondsAgo) {
        return java.time.LocalDateTime.ofInstant(Instant.now().minusSeconds(secondsAgo), java.time.ZoneOffset.UTC);
    }

    private Map<String, Object> row(String id) {
        return db.sql("SELECT trade_count, total_pnl, win_rate, max_drawdown, progress_done, progress_total, data_points, last_updated "
                + "FROM sessions WHERE id = :id").bind("id", id).fetch().one().block();
    }

    @Test
    void resultsOfManySessionsWrittenAtOnceGoOutInFewStatementsAndKeepEveryValueExactly() {
        List<String> ids = runningSessions(700);
        long[] before = writes.written()[0];
        // values of every scale the columns hold, different per session
        Flux.fromIterable(ids).index()
                .flatMap(e -> writes.results(e.getT2(), e.getT1().intValue(),
                        new BigDecimal(e.getT1() % 2 == 0 ? "-123456789012.12345678" : "1.5").add(BigDecimal.valueOf(e.getT1())),
                        new BigDecimal("33.33"), new BigDecimal("-12.3456")), 1000)
                .then().block(Duration.ofSeconds(60));
        long[] after = writes.written()[0];
        assertThat(after[1] - before[1]).as("session values written").isEqualTo(700);
        assertThat(after[0] - before[0]).as("statements").isLessThan(700).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < ids.size(); i += 97) {
            Map<String, Object> r = row(ids.get(i));
            assertThat(((Number) r.get("trade_count")).intValue()).isEqualTo(i);
            assertThat((BigDecimal) r.get("total_pnl")).isEqualByComparingTo(
                    new BigDecimal(i % 2 == 0 ? "-123456789012.12345678" : "1.5").add(BigDecimal.valueOf(i)));
            assertThat((BigDecimal) r.get("win_rate")).isEqualByComparingTo("33.33");
            assertThat((BigDecimal) r.get("max_drawdown")).isEqualByComparingTo("-12.3456");
        }
    }

    @Test
    void theNewestValueOfASessionIsTheOneKept() {
        String id = runningSessions(1).get(0);
        // given all at once: they wait together and the last one given is written
        Flux.range(1, 200).flatMap(n -> writes.results(id, n, BigDecimal.valueOf(n), BigDecimal.ONE, BigDecimal.ZERO), 200)
                .then().block(Duration.ofSeconds(30));
        assertThat(((Number) row(id).get("trade_count")).intValue()).isEqualTo(200);
        // one after another, each once the one before is stored
        Flux.range(1, 20).concatMap(n -> writes.results(id, 1000 - n, BigDecimal.valueOf(n), BigDecimal.ONE, BigDecimal.ZERO))
                .then().block(Duration.ofSeconds(30));
        assertThat(((Number) row(id).get("trade_count")).intValue()).isEqualTo(980);
        assertThat((BigDecimal) row(id).get("total_pnl")).isEqualByComparingTo("20");
    }

    @Test
    void progressOfManySessionsIsWrittenWithItsNulls() {
        List<String> ids = runningSessions(50);
        Flux.fromIterable(ids).index()
                .flatMap(e -> writes.progress(e.getT2(), e.getT1() % 2 == 0 ? null : e.getT1(), e.getT1() % 2 == 0 ? null : 1000L,
                        e.getT1() * 3), 100)
                .then().block(Duration.ofSeconds(30));
        assertThat(row(ids.get(0)).get("progress_done")).isNull();
        assertThat(((Number) row(ids.get(0)).get("data_points")).longValue()).isZero();
        assertThat(((Number) row(ids.get(7)).get("progress_done")).longValue()).isEqualTo(7);
        assertThat(((Number) row(ids.get(7)).get("progress_total")).longValue()).isEqualTo(1000);
        assertThat(((Number) row(ids.get(7)).get("data_points")).longValue()).isEqualTo(21);
    }

    @Test
    void aValueTheDatabaseRefusesFailsOnlyItsOwnSessionAndTheOthersOfItsBatchAreStored() {
        List<String> ids = runningSessions(40);
        String refused = ids.get(17);
        List<Mono<Throwable>> outcomes = IntStream.range(0, ids.size())
                .mapToObj(i -> writes.results(ids.get(i), 5,
                                // DECIMAL(20,8) holds 12 digits before the point: this one is out of range
                                ids.get(i).equals(refused) ? new BigDecimal("1234567890123456") : BigDecimal.TEN,
                                BigDecimal.ONE, BigDecimal.ZERO)
                        .then(Mono.<Throwable>empty()).onErrorResume(Mono::just).cache())
                .toList();
        List<Throwable> failures = Flux.merge(outcomes.stream().map(m -> m.defaultIfEmpty(new Throwable("stored"))).toList())
                .filter(t -> !"stored".equals(t.getMessage())).collectList().block(Duration.ofSeconds(30));
        assertThat(failures).hasSize(1);
        assertThat(io.botdeck.error.ValueRefusal.is(failures.get(0))).as("the refusal says what it is: %s", failures.get(0)).isTrue();
        assertThat(outcomes.get(17).block()).isNotNull();
        for (int i = 0; i < ids.size(); i++) {
            if (i != 17) {
                assertThat(((Number) row(ids.get(i)).get("trade_count")).intValue()).as("session %d", i).isEqualTo(5);
            }
        }
        assertThat(((Number) row(refused).get("trade_count")).intValue()).isZero();
    }

    @Test
    void heartbeatsOfManySessionsRefreshOnlyTheOnesStillRunning() {
        List<String> ids = runningSessions(30);
        String stopped = ids.get(3);
        setStatus(stopped, "stopped");
        Instant asked = Instant.now().minusSeconds(1);
        Flux.fromIterable(ids).flatMap(writes::heartbeat, 64).then().block(Duration.ofSeconds(30));
        for (String id : ids) {
            Instant at = db.sql("SELECT last_updated FROM sessions WHERE id = :id").bind("id", id)
                    .map(r -> io.botdeck.config.Sql.instant(r, "last_updated")).one().block();
            if (id.equals(stopped)) {
                assertThat(at).as("a stopped session keeps its last heartbeat").isBefore(asked.minusSeconds(600));
            } else {
                assertThat(at).as("heartbeat of %s", id).isAfterOrEqualTo(asked);
            }
        }
    }

    @Test
    void aSessionDeletedWhileItsValueWaitsIsLeftOutWithoutFailingTheOthers() {
        List<String> ids = runningSessions(3);
        db.sql("DELETE FROM sessions WHERE id = :id").bind("id", ids.get(1)).then().block();
        Flux.fromIterable(ids).flatMap(id -> writes.results(id, 9, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE), 3)
                .then().block(Duration.ofSeconds(30));
        assertThat(((Number) row(ids.get(0)).get("trade_count")).intValue()).isEqualTo(9);
        assertThat(((Number) row(ids.get(2)).get("trade_count")).intValue()).isEqualTo(9);
        assertThat(count("SELECT COUNT(*) FROM sessions WHERE id = '" + ids.get(1) + "'")).isZero();
    }
}
