package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.botdeck.IntegrationTest;
import io.botdeck.events.SessionLogs;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A stop whose run cannot finish storing within the stop's wait says so: the session ends
 * {@code stopped} with a note in {@code error}, its log says the stop is taking longer and,
 * once everything is stored, that it finished; the trade export is set then. The delay is forced
 * by a table lock on {@code sessions} that holds up the run's last results, released by the test.
 */
@TestPropertySource(properties = "botdeck.stop-wait=500ms")
class StopTimeoutTest extends IntegrationTest {

    @Autowired
    private ConnectionFactory connections;

    @Autowired
    private SessionLogs logs;

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    private static void execute(Connection c, String sql) {
        Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then().block(Duration.ofSeconds(10));
    }

    private String logText(String id) throws Exception {
        return Files.exists(logs.pathOf(id)) ? Files.readString(logs.pathOf(id)) : "";
    }

    private void waitUntil(String what, Duration limit, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    @Test
    void aStopThatOutlastsItsWaitSaysSoAndFinishesInTheBackground() throws Exception {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        waitUntil("the run logged its start", Duration.ofSeconds(30), () -> logText(id).contains("Session started"));

        Connection locker = Mono.from(connections.create()).block(Duration.ofSeconds(10));
        CompletableFuture<Map<?, ?>> stop;
        try {
            execute(locker, "LOCK TABLES sessions READ");
            stop = CompletableFuture.supplyAsync(() -> (Map<?, ?>) http.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                    .post().uri("/sessions/" + id + "/stop").exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("session"));
            waitUntil("the log says the stop is taking longer", Duration.ofSeconds(30),
                    () -> logText(id).contains("Stop is taking longer than 500 ms"));
            assertThat(stop).as("the stop waits for the session's row, which the lock holds").isNotDone();
        } finally {
            execute(locker, "UNLOCK TABLES");
            Mono.from(locker.close()).block(Duration.ofSeconds(10));
        }

        Map<?, ?> stopped = stop.get(60, TimeUnit.SECONDS);
        assertThat(stopped.get("status")).isEqualTo("stopped");
        assertThat((String) stopped.get("error")).startsWith("the stop took longer than 500 ms")
                .contains("the session's log says when that is done");
        waitUntil("the stop finished in the background", Duration.ofSeconds(30), () -> logText(id).contains("Stop finished "));
        waitUntil("the trade export is set", Duration.ofSeconds(30), () -> session(id).get("trades_file") != null);
        assertThat(logText(id)).contains("every trade and line of the run is stored and the trade export is written");
        assertThat(Files.exists(java.nio.file.Path.of((String) session(id).get("trades_file")))).isTrue();
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'error' "
                + "AND JSON_VALUE(event_data, '$.message') LIKE 'the stop took longer than 500 ms%'")).isEqualTo(1);
        List<String> lines = Files.readAllLines(logs.pathOf(id));
        assertThat(lines.get(lines.size() - 1)).contains("Stop finished ");
    }
}
