package io.botdeck.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.botdeck.run.BacktestSlots;
import io.botdeck.run.SlotHold;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sweeps and single backtests share the server's fair queue. */
class SweepQueueTest extends SweepTestSupport {

    @Autowired
    private BacktestSlots slots;

    private String bigSweep(int days) {
        return (String) createSweep("{\"name\": \"Big grid\", \"strategy\": \"TestBot\", \"market\": \"XBTUSD\", "
                + "\"range_start\": " + (JAN_1 - days * DAY) + ", \"range_end\": " + JAN_1 + ", "
                + "\"grid\": {\"threshold\": {\"from\": 0.1, \"to\": 0.9, \"step\": 0.1}, \"position_size\": [10, 20, 30, 40, 50]}}")
                .get("id");
    }

    /** Waits (bounded) until {@code test} holds. */
    private static void until(String what, java.util.function.BooleanSupplier test) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!test.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(test.getAsBoolean()).as(what).isTrue();
    }

    @SuppressWarnings("unchecked")
    private List<String> logLines(String sessionId) {
        Map<?, ?> body = http.get().uri("/sessions/" + sessionId + "/logs?since=0&tail=20").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("logs")).stream().map(l -> (String) l.get("message")).toList();
    }

    @Test
    void aSingleBacktestQueuedBehindABigSweepGetsTheNextSlotAndNothingExceedsTheSlots() throws Exception {
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger mostReplaying = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                mostReplaying.accumulateAndGet(slots.busy(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try (SlotHold hold = SlotHold.all(slots, Duration.ofSeconds(60))) {
            // every slot is held, as by long replays; the sweep's cells queue behind them
            String sweep = bigSweep(90);
            until("cells of the sweep wait for a slot", () -> slots.waitingOf(sweep) > 0);
            hold.releaseOne();
            until("a cell of the sweep took the freed slot", () -> slots.busy() == slots.slots());
            String single = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + JAN_1
                    + ",\"range_end\":" + (JAN_1 + DAY) + "}");
            Map<?, ?> started = (Map<?, ?>) http.post().uri("/sessions/" + single + "/start").exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("session");
            assertThat(started.get("status")).as("a queued backtest is running").isEqualTo("running");
            until("the single backtest waits for a slot", () -> slots.waiting() > slots.waitingOf(sweep));
            // the next slot that frees goes to the single backtest, not to the sweep that already replays one
            // (with one slot only, none is left to free here: the sweep's cell frees it when it ends)
            hold.releaseOne();
            waitForSession(single, "completed", Duration.ofSeconds(60));
            assertThat(sweep(sweep).get("status")).as("the single backtest did not wait for the sweep").isEqualTo("running");
            List<String> lines = logLines(single);
            assertThat(lines).as(String.join("\n", lines)).anyMatch(l -> l.startsWith("Waiting for a backtest slot: all " + slots.slots()
                    + " are busy; 0 backtests are ahead of this one"));

            Map<?, ?> progress = sweep(sweep);
            assertThat(((Number) progress.get("cells_running")).intValue()).isLessThanOrEqualTo(3 * slots.slots());
            assertThat(progress.get("candles_per_second")).isNotNull();
            if (((Number) progress.get("cells_done")).intValue() > 0) {
                assertThat(progress.get("eta_seconds")).isNotNull();
            }
            http.post().uri("/sweeps/" + sweep + "/cancel").exchange().expectStatus().isOk();
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(mostReplaying.get()).isLessThanOrEqualTo(slots.slots());
        assertThat(slots.busy()).as("slots held after the cancel").isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void stoppingABacktestThatWaitsForASlotFreesItsPlaceAtOnce() throws Exception {
        String sweep;
        try (SlotHold hold = SlotHold.all(slots, Duration.ofSeconds(60))) {
            // every slot is held, as by long replays, until this test lets go: the single backtest cannot get one
            sweep = bigSweep(180);
            until("cells of the sweep wait for a slot", () -> slots.waitingOf(sweep) > 0);
            String single = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + JAN_1
                    + ",\"range_end\":" + (JAN_1 + DAY) + "}");
            http.post().uri("/sessions/" + single + "/start").exchange().expectStatus().isOk();
            until("the single backtest waits for a slot", () -> slots.waiting() > slots.waitingOf(sweep));
            long asked = System.nanoTime();
            http.post().uri("/sessions/" + single + "/stop").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.session.status").isEqualTo("stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("a stop does not wait for the slot").isLessThan(Duration.ofSeconds(20));
            assertThat(slots.waiting()).as("the stopped backtest left the queue").isEqualTo(slots.waitingOf(sweep));
            assertThat(slots.busy()).as("and took no slot").isEqualTo(hold.holding());
            Map<?, ?> stopped = session(single);
            assertThat(stopped.get("error")).isNull();
            assertThat(logLines(single)).anyMatch(l -> l.startsWith("Waiting for a backtest slot"));
            assertThat(((Number) stopped.get("trade_count")).intValue()).as("it never replayed").isZero();
        }
        sweepService.cancel(sweep).block(Duration.ofSeconds(120));
        assertThat(slots.busy()).isZero();
        assertThat(slots.waiting()).isZero();
    }
}
