package io.botdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar on an external MariaDB that the test runs itself (its own {@code mariadbd},
 * data directory and loopback port), with live sessions and a client on each session's log
 * stream: the database is frozen (SIGSTOP), then stopped and started again. Requests get a 503
 * with {@code Retry-After} and the envelope within 5 s, the health route and the readiness probe
 * say storage is failing, and afterwards no stream has a gap, every trade a client saw is in the
 * database as it was shown, and the sessions carry on. Every process is started here and ended by pid.
 */
class DatabaseOutageIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(300);
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final int SESSIONS = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private ExternalMariaDb db;
    private ServerProcess server;
    private final List<WebSocket> sockets = new ArrayList<>();

    @AfterEach
    void stopEverythingStartedHere() throws Exception {
        sockets.forEach(WebSocket::abort);
        if (server != null) {
            server.cleanUp();
        }
        if (db != null) {
            db.cleanUp();
        }
    }

    /** What one client saw on one session's log stream. */
    private static final class Stream implements WebSocket.Listener {
        final String sessionId;
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        /** trade_no → the trade line's data, entry and exit as shown. */
        final Map<Integer, JsonNode> entries = new ConcurrentHashMap<>();
        final Map<Integer, JsonNode> exits = new ConcurrentHashMap<>();
        final List<String> missed = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        Stream(String sessionId) {
            this.sessionId = sessionId;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode line = JSON.readTree(partial.toString());
                partial.setLength(0);
                if (line.has("seq")) {
                    seqs.add(line.get("seq").asLong());
                }
                if ("missed".equals(line.path("type").asText())) {
                    missed.add(line.toString());
                }
                if ("trade".equals(line.path("type").asText())) {
                    JsonNode d = line.get("data");
                    ("exit".equals(d.path("action").asText()) ? exits : entries).put(d.get("trade_no").asInt(), d);
                }
            }
            ws.request(1);
            return null;
        }

        long last() {
            return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        }
    }

    @Test
    void aFrozenThenStoppedDatabaseLosesNothingAndEverythingRecoversByItself() throws Exception {
        assumeTrue(ExternalMariaDb.available(), "mariadbd and mariadb-install-db are needed for this test");
        db = ExternalMariaDb.install(work.resolve("mariadb"), ServerProcess.portInRange());
        server = new ServerProcess(ServerProcess.packagedJar(), work.resolve("server"), ServerProcess.portInRange(db.port));
        server.start(START_LIMIT, "--botdeck.feed.tick-interval=50ms", "--botdeck.database.host=127.0.0.1",
                "--botdeck.database.port=" + db.port, "--botdeck.database.name=botdeck_outage");

        List<String> ids = server.startLiveSessions(SESSIONS);
        List<Stream> streams = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        for (String id : ids) {
            Stream stream = new Stream(id);
            sockets.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/sessions/" + id + "/logs/stream?tail=10000"), stream)
                    .get(10, TimeUnit.SECONDS));
            streams.add(stream);
        }
        waitUntil("trades before the outage", Duration.ofSeconds(60), () -> streams.stream().mapToInt(s -> s.exits.size()).sum() >= 5);
        int tradesBefore = streams.stream().mapToInt(s -> s.entries.size()).sum();

        // ---- frozen: the process is there, its connections stay open, nothing answers
        db.freeze();
        long frozenAt = System.nanoTime();
        try {
            duringTheOutage("frozen", ids.get(0));
        } finally {
            sleepUntil(frozenAt + OUTAGE.toNanos());
            db.thaw();
        }
        Duration frozenRecovery = recovered();

        // ---- stopped: connections are closed, new ones refused; then a real start on the same data and port
        db.stop(Duration.ofSeconds(60));
        long stoppedAt = System.nanoTime();
        duringTheOutage("stopped", ids.get(0));
        sleepUntil(stoppedAt + OUTAGE.toNanos());
        db.start(Duration.ofSeconds(60));
        Duration stoppedRecovery = recovered();

        // ---- the sessions carry on: every stream moves on after recovery
        Map<String, Long> lastAfterRecovery = new ConcurrentHashMap<>();
        streams.forEach(s -> lastAfterRecovery.put(s.sessionId, s.last()));
        waitUntil("every session logs again after the outage", Duration.ofSeconds(30),
                () -> streams.stream().allMatch(s -> s.last() > lastAfterRecovery.get(s.sessionId) + 5));
        int tradesAfter = streams.stream().mapToInt(s -> s.entries.size()).sum();
        assertThat(tradesAfter).as("sessions trade after the outage").isGreaterThan(tradesBefore);
        String sessions = server.get("/sessions?status=running&limit=200").body();
        for (String id : ids) {
            assertThat(sessions).as("session %s still running", id).contains(id);
        }

        // ---- nothing lost: no gap in any stream, every trade line shown is stored as shown
        int checkedEntries = 0;
        int checkedExits = 0;
        try (Connection c = db.connect("botdeck_outage");
             PreparedStatement q = c.prepareStatement("SELECT entry_price, exit_price FROM trades WHERE session_id = ? AND trade_no = ?")) {
            for (Stream s : streams) {
                assertThat(s.missed).as("missed notices on %s", s.sessionId).isEmpty();
                for (int i = 1; i < s.seqs.size(); i++) {
                    assertThat(s.seqs.get(i)).as("seq after %d on %s", s.seqs.get(i - 1), s.sessionId).isEqualTo(s.seqs.get(i - 1) + 1);
                }
                for (Map.Entry<Integer, JsonNode> e : s.entries.entrySet()) {
                    q.setString(1, s.sessionId);
                    q.setInt(2, e.getKey());
                    try (ResultSet rs = q.executeQuery()) {
                        assertThat(rs.next()).as("trade %d of %s (shown on the stream) is stored", e.getKey(), s.sessionId).isTrue();
                        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal(e.getValue().get("entry_price").asText()));
                        JsonNode exit = s.exits.get(e.getKey());
                        if (exit != null) {
                            assertThat(rs.getBigDecimal(2)).as("exit of trade %d of %s", e.getKey(), s.sessionId)
                                    .isNotNull().isEqualByComparingTo(new BigDecimal(exit.get("exit_price").asText()));
                            checkedExits++;
                        }
                        checkedEntries++;
                    }
                }
            }
        }
        // the log files hold the same unbroken sequences
        for (String id : ids) {
            JsonNode logs = JSON.readTree(server.get("/sessions/" + id + "/logs?tail=10000").body()).get("logs");
            long prev = 0;
            for (JsonNode line : logs) {
                long seq = line.get("seq").asLong();
                assertThat(prev == 0 || seq == prev + 1).as("log file of %s: %d after %d", id, seq, prev).isTrue();
                prev = seq;
            }
        }
        String output = server.output();
        assertThat(output).as("no run ended for the outage").doesNotContain("Session failed");
        assertThat(output).as("the runs held their output while the database was away, and stored it after")
                .contains("the database is not reachable; holding the run's output").contains("the database is reachable again");

        // the meters of the same server
        String prometheus = server.get("/actuator/prometheus").body();
        assertThat(meter(prometheus, "botdeck_log_lines_written_total")).isGreaterThan(100);
        assertThat(meter(prometheus, "botdeck_trades_stored_total{application=\"botdeck\",state=\"closed\"}")).isGreaterThanOrEqualTo(checkedExits);
        assertThat(meter(prometheus, "botdeck_trades_stored_total{application=\"botdeck\",state=\"open\"}")).isGreaterThanOrEqualTo(checkedEntries);
        assertThat(meter(prometheus, "botdeck_log_subscribers")).as("one reader per stream").isEqualTo(SESSIONS);
        assertThat(meter(prometheus, "botdeck_log_lines_dropped_total")).isZero();
        assertThat(meter(prometheus, "botdeck_recorder_backlog")).isLessThan(1_000);
        assertThat(meter(prometheus, "botdeck_storage_failing")).isZero();
        assertThat(prometheus).contains("r2dbc_pool_acquired_connections").contains("r2dbc_pool_pending_connections");
        System.out.printf("database outage with %d live sessions: frozen %d s (recovered %d ms after thaw), stopped and restarted after %d s"
                        + " (recovered %d ms after start); %d trades shown (%d exits) all stored as shown, no gaps%n",
                ids.size(), OUTAGE.toSeconds(), frozenRecovery.toMillis(), OUTAGE.toSeconds(), stoppedRecovery.toMillis(),
                checkedEntries, checkedExits);
    }

    @Test
    void aLiveSessionThatOutgrowsItsBacklogLimitEndsFailedSayingSoAndShowsNothingUnstored() throws Exception {
        assumeTrue(ExternalMariaDb.available(), "mariadbd and mariadb-install-db are needed for this test");
        db = ExternalMariaDb.install(work.resolve("mariadb"), ServerProcess.portInRange());
        server = new ServerProcess(ServerProcess.packagedJar(), work.resolve("server"), ServerProcess.portInRange(db.port));
        server.start(START_LIMIT, "--botdeck.feed.tick-interval=50ms", "--botdeck.database.host=127.0.0.1",
                "--botdeck.database.port=" + db.port, "--botdeck.database.name=botdeck_outage",
                "--botdeck.storage.max-backlog-per-run=150");
        String id = server.startLiveSessions(1).get(0);
        Path logFile = server.dataDir.resolve("logs").resolve(id + ".jsonl");
        waitUntil("trades before the outage", Duration.ofSeconds(60), () -> java.nio.file.Files.isRegularFile(logFile)
                && java.nio.file.Files.readString(logFile).contains("\"action\":\"exit\""));

        db.stop(Duration.ofSeconds(60));
        waitUntil("the session ended for its backlog", Duration.ofSeconds(120),
                () -> java.nio.file.Files.readString(logFile).contains("Session failed: the database has not been reachable"));
        db.start(Duration.ofSeconds(60));
        waitUntil("the end written once the database is back", Duration.ofSeconds(60), () -> {
            HttpResponse<String> r = server.get("/sessions/" + id);
            return r.statusCode() == 200 && r.body().contains("\"status\":\"failed\"");
        });
        JsonNode session = JSON.readTree(server.get("/sessions/" + id).body()).get("session");
        assertThat(session.get("error").asText()).contains("not been reachable").contains("limit of 150 items")
                .contains("were not stored").doesNotContainIgnoringCase("exception");

        // what was shown is stored, with no gap; what was held was never numbered
        JsonNode logs = JSON.readTree(server.get("/sessions/" + id + "/logs?tail=10000").body()).get("logs");
        long prev = 0;
        int trades = 0;
        try (Connection c = db.connect("botdeck_outage");
             PreparedStatement q = c.prepareStatement("SELECT entry_price, exit_price FROM trades WHERE session_id = ? AND trade_no = ?")) {
            for (JsonNode line : logs) {
                long seq = line.get("seq").asLong();
                assertThat(prev == 0 || seq == prev + 1).as("seq %d after %d", seq, prev).isTrue();
                prev = seq;
                if ("trade".equals(line.path("type").asText())) {
                    JsonNode d = line.get("data");
                    q.setString(1, id);
                    q.setInt(2, d.get("trade_no").asInt());
                    try (ResultSet rs = q.executeQuery()) {
                        assertThat(rs.next()).as("trade %s is stored", d.get("trade_no")).isTrue();
                        if ("exit".equals(d.path("action").asText())) {
                            assertThat(rs.getBigDecimal(2)).isNotNull().isEqualByComparingTo(new BigDecimal(d.get("exit_price").asText()));
                        }
                        trades++;
                    }
                }
            }
        }
        assertThat(logs.get(logs.size() - 1).get("message").asText()).startsWith("Session failed: the database has not been reachable");
        System.out.printf("backlog limit 150 with the database stopped: the session ended failed with a readable reason;"
                + " %d trade lines shown, all stored, no gaps%n", trades);
    }

    /** While the database is away: 503s within 5 s with Retry-After and the envelope; health and readiness say so. */
    private void duringTheOutage(String how, String sessionId) throws Exception {
        for (String path : List.of("/sessions", "/sessions/" + sessionId + "/trades", "/sessions/health")) {
            long began = System.nanoTime();
            HttpResponse<String> response = server.get(path);
            long millis = (System.nanoTime() - began) / 1_000_000;
            assertThat(response.statusCode()).as("%s while the database is %s: %s", path, how, response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.body()).contains("\"success\":false").contains("database is not answering");
            assertThat(millis).as("%s answered within 5 s", path).isLessThan(5_000);
            System.out.printf("database %s: %s answered %d in %d ms%n", how, path, response.statusCode(), millis);
        }
        assertThat(server.get("/sessions/health").body()).contains("\"storage\":{\"status\":\"failing\"");
        waitUntil("storage reported failing", Duration.ofSeconds(8), () -> {
            String storage = server.post("/graphql", "{\"query\":\"{ storage { status failingSince backlog } }\"}").body();
            return storage.contains("\"status\":\"FAILING\"") && !storage.contains("\"failingSince\":null");
        });
        assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(meter(server.get("/actuator/prometheus").body(), "botdeck_storage_failing")).isEqualTo(1);
        String graphql = server.post("/graphql", "{\"query\":\"{ sessions(limit: 5) { total } }\"}").body();
        assertThat(graphql).contains("UNAVAILABLE").doesNotContain("Exception");
    }

    /** Waits until requests, readiness and storage are healthy again, and the runs' backlog is stored; returns how long that took. */
    private Duration recovered() throws Exception {
        long began = System.nanoTime();
        waitUntil("recovered", Duration.ofSeconds(45), () -> server.get("/sessions").statusCode() == 200
                && server.get("/actuator/health/readiness").statusCode() == 200
                && server.get("/sessions/health").body().contains("\"storage\":{\"status\":\"ok\""));
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        waitUntil("backlog stored", Duration.ofSeconds(30),
                () -> server.post("/graphql", "{\"query\":\"{ storage { backlog } }\"}").body().matches(".*\"backlog\":[0-9]{1,2}\\b.*"));
        return took;
    }

    /** The value of one Prometheus sample, e.g. {@code botdeck_log_subscribers} (the application tag is added when absent). */
    private static double meter(String prometheus, String sample) {
        String name = sample.contains("{") ? sample : sample + "{application=\"botdeck\"}";
        for (String line : prometheus.lines().toList()) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + name + " in:\n" + prometheus.lines().filter(l -> l.startsWith("botdeck")).toList());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitUntil(String what, Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.holds()) {
            assertThat(System.nanoTime()).as("%s within %s", what, limit).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }
}
