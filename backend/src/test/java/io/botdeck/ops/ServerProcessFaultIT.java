package io.botdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on its embedded database, stopped the hard ways an operator meets: SIGTERM
 * with live sessions holding positions, and {@code kill -9} followed by a restart on the same
 * data directory. Loopback only; every process is started here and stopped by pid.
 */
class ServerProcessFaultIT {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path work;

    private ServerProcess server;
    private final tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        if (server != null) {
            server.cleanUp();
        }
    }

    @Test
    void sigtermStoresTheExitsOfPositionsOpenAtShutdownBeforeTheDatabaseStops() throws Exception {
        server = new ServerProcess(ServerProcess.packagedJar(), work);
        server.start(START_LIMIT, "--botdeck.feed.tick-interval=50ms");
        List<String> ids = server.startLiveSessions(20);
        int open = waitForTrades(ids, "exit_time IS NULL", 5, Duration.ofSeconds(60));
        assertThat(open).as("positions open before SIGTERM").isGreaterThanOrEqualTo(5);

        Duration stopped = server.terminate(Duration.ofSeconds(60));
        String output = server.output();
        assertThat(output).doesNotContain("could not record").doesNotContain("Connection refused");
        assertThat(embeddedDatabaseStillRunning()).as("the embedded database stopped with the server").isFalse();

        server.start(START_LIMIT);
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(exit_time IS NULL) FROM trades");
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(open);
            assertThat(rs.getLong(2)).as("trades left open after a graceful stop").isZero();
        }
        System.out.printf("SIGTERM with %d live sessions and %d open positions: stopped in %d ms, every exit stored%n",
                ids.size(), open, stopped.toMillis());
    }

    @Test
    void killMinus9ThenRestartOnTheSameDataDirWorksAndKeepsEveryTradeClientsSaw() throws Exception {
        server = new ServerProcess(ServerProcess.packagedJar(), work);
        server.start(START_LIMIT, "--botdeck.feed.tick-interval=50ms");
        List<String> ids = server.startLiveSessions(10);
        String backtest = startBacktest();
        // every trade line the stream shows of four sessions, until the kill
        List<TradeStream> streams = new ArrayList<>();
        for (String id : ids.subList(0, 4)) {
            streams.add(TradeStream.open(server.port, id));
        }
        waitForTrades(ids, "exit_time IS NOT NULL", 5, Duration.ofSeconds(60));
        waitForTrades(ids, "exit_time IS NULL", 2, Duration.ofSeconds(30));
        Map<String, String> seen = new HashMap<>();
        for (String id : ids) {
            String body = server.get("/sessions/" + id + "/trades?limit=200").body();
            for (String trade : body.split("\\},\\s*\\{")) {
                Matcher no = Pattern.compile("\"trade_no\"\\s*:\\s*(\\d+)").matcher(trade);
                Matcher entry = Pattern.compile("\"entry_price\"\\s*:\\s*\"?([0-9.]+)").matcher(trade);
                if (no.find() && entry.find()) {
                    seen.put(id + "#" + no.group(1), entry.group(1));
                }
            }
        }
        assertThat(seen).as("trades a client saw before the crash").isNotEmpty();
        long crashedPid = server.pid();

        server.kill();
        List<TradeStream.Line> streamed = new ArrayList<>();
        for (TradeStream stream : streams) {
            streamed.addAll(stream.closeAndTake());
        }
        assertThat(embeddedDatabaseStillRunning()).as("kill -9 leaves the embedded database running (what the restart must handle)").isTrue();

        // sessions that were running are stale at once, so they can be restarted without waiting
        Duration restart = server.start(START_LIMIT, "--botdeck.feed.tick-interval=50ms", "--botdeck.stale-after=1s");
        assertThat(server.pid()).isNotEqualTo(crashedPid);
        assertThat(server.output()).contains("left running by a Botdeck that did not shut down");
        Map<String, Integer> highestAtCrash = new HashMap<>();
        List<String> openAtCrash = new ArrayList<>();
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            for (Map.Entry<String, String> e : seen.entrySet()) {
                String[] key = e.getKey().split("#");
                ResultSet rs = st.executeQuery("SELECT entry_price FROM trades WHERE session_id = '" + key[0] + "' AND trade_no = " + key[1]);
                assertThat(rs.next()).as("trade %s is stored", e.getKey()).isTrue();
                assertThat(rs.getBigDecimal(1).compareTo(new java.math.BigDecimal(e.getValue()))).as("entry price of %s", e.getKey()).isZero();
            }
            assertStreamedTradesStored(st, streamed);
            ResultSet rs = st.executeQuery("SELECT session_id, MAX(trade_no) FROM trades GROUP BY session_id");
            while (rs.next()) {
                highestAtCrash.put(rs.getString(1), rs.getInt(2));
            }
            rs = st.executeQuery("SELECT session_id, trade_no, entry_price FROM trades WHERE exit_time IS NULL AND session_id <> '" + backtest + "'");
            while (rs.next()) {
                openAtCrash.add(rs.getString(1) + "#" + rs.getInt(2) + "#" + rs.getBigDecimal(3).toPlainString());
            }
        }
        assertThat(openAtCrash).as("positions open at the crash").isNotEmpty();
        System.out.printf("kill -9 with %d live sessions and a backtest: restart on the same data dir answered after %d ms; %d trades "
                        + "seen over REST and %d trade lines seen over the stream before the crash all stored as seen; %d positions open at the crash%n",
                ids.size(), restart.toMillis(), seen.size(), streamed.size(), openAtCrash.size());

        // the operations surface of the same packaged jar
        assertThat(server.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        assertThat(server.get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
        assertThat(server.get("/livez").statusCode()).isEqualTo(200);
        assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        String prometheus = server.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("botdeck_sessions{").contains("status=\"running\"").contains("r2dbc_pool_acquired_connections");

        // restarted: what was open at the crash is abandoned, keeping its row; new trades take new numbers
        for (String id : ids) {
            assertThat(server.post("/sessions/" + id + "/restart", null).statusCode()).as("restart %s", id).isEqualTo(200);
        }
        StringBuilder newTrades = new StringBuilder();
        for (String id : ids) {
            newTrades.append(newTrades.isEmpty() ? "" : " OR ").append("(session_id = '").append(id).append("' AND trade_no > ")
                    .append(highestAtCrash.getOrDefault(id, 0)).append(")");
        }
        int fresh = waitForTrades(ids, "(" + newTrades + ")", 1, Duration.ofSeconds(60));
        assertThat(fresh).as("trades of the restarted runs, numbered after every number used before the crash").isPositive();
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            for (String open : openAtCrash) {
                String[] key = open.split("#");
                ResultSet rs = st.executeQuery("SELECT exit_reason, exit_time, entry_price FROM trades WHERE session_id = '" + key[0]
                        + "' AND trade_no = " + key[1]);
                assertThat(rs.next()).as("trade %s open at the crash is still stored", open).isTrue();
                assertThat(rs.getString(1)).as("trade %s open at the crash", open).isEqualTo("abandoned");
                assertThat(rs.getTimestamp(2)).isNull();
                assertThat(rs.getBigDecimal(3).toPlainString()).isEqualTo(key[2]);
            }
            assertStreamedTradesStored(st, streamed);
        }
        String[] anOpen = openAtCrash.get(0).split("#");
        assertThat(server.get("/sessions/" + anOpen[0] + "/trades?limit=500").body())
                .containsPattern("\"trade_no\":" + anOpen[1] + ",[^}]*\"exit_reason\":\"abandoned\",\"status\":\"abandoned\"");

        // the backtest the crash interrupted: stopped, it says so, and its row, export and trades agree
        String stopped = server.post("/sessions/" + backtest + "/stop", null).body();
        assertThat(stopped).contains("\"status\":\"stopped\"").contains("interrupted by a server restart");
        for (String id : ids) {
            assertThat(server.post("/sessions/" + id + "/stop", null).statusCode()).isEqualTo(200);
        }
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT s.trade_count, s.trades_file, (SELECT COUNT(*) FROM trades t WHERE t.session_id = s.id) "
                    + "FROM sessions s WHERE s.id = '" + backtest + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("trade_count of the interrupted backtest").isEqualTo(rs.getLong(3));
            assertThat(rs.getString(2)).as("its trade export").isNotNull();
            assertThat(json.readTree(Path.of(rs.getString(2)).toFile()).size()).isEqualTo(rs.getLong(3));
        }
        Path logs = server.dataDir.resolve("logs");
        List<String> backtestLog = java.nio.file.Files.readAllLines(logs.resolve(backtest + ".jsonl"));
        assertThat(backtestLog.get(backtestLog.size() - 1)).contains("Session stopped: its run was interrupted by a server restart");
        for (String id : ids) {
            assertNoNumberEnteredTwice(logs.resolve(id + ".jsonl"));
        }
        assertNoNumberEnteredTwice(logs.resolve(backtest + ".jsonl"));
    }

    /** Every trade line seen over the stream is in the database with the same number and prices. */
    private static void assertStreamedTradesStored(Statement st, List<TradeStream.Line> streamed) throws Exception {
        for (TradeStream.Line line : streamed) {
            ResultSet rs = st.executeQuery("SELECT entry_price, exit_price FROM trades WHERE session_id = '" + line.sessionId()
                    + "' AND trade_no = " + line.tradeNo());
            assertThat(rs.next()).as("streamed %s is stored", line).isTrue();
            assertThat(rs.getBigDecimal(1)).as("entry price of streamed %s", line).isEqualByComparingTo(line.entryPrice());
            if (line.exitPrice() != null) {
                assertThat(rs.getBigDecimal(2)).as("exit price of streamed %s", line).isEqualByComparingTo(line.exitPrice());
            }
        }
    }

    /** A log file never holds two ENTRY lines under one trade number. */
    private void assertNoNumberEnteredTwice(Path log) throws Exception {
        Map<Integer, String> entries = new HashMap<>();
        for (String text : java.nio.file.Files.readAllLines(log)) {
            if (text.isBlank()) {
                continue;
            }
            tools.jackson.databind.JsonNode line = json.readTree(text);
            tools.jackson.databind.JsonNode data = line.get("data");
            if (data != null && data.has("trade_no") && data.has("action") && "entry".equals(data.get("action").asString())) {
                String before = entries.put(data.get("trade_no").intValue(), text);
                assertThat(before).as("%s: trade %s entered twice", log.getFileName(), data.get("trade_no")).isNull();
            }
        }
    }

    @Test
    void aFrozenDatabaseAnswers503WithinFiveSecondsAndRecoversByItself() throws Exception {
        server = new ServerProcess(ServerProcess.packagedJar(), work);
        server.start(START_LIMIT);
        assertThat(server.get("/sessions").statusCode()).isEqualTo(200);
        ProcessHandle database = embeddedDatabase().orElseThrow();

        signal("STOP", database.pid());
        try {
            for (String path : List.of("/sessions", "/sessions?status=running", "/sessions/health")) {
                long began = System.nanoTime();
                var response = server.get(path);
                long millis = (System.nanoTime() - began) / 1_000_000;
                assertThat(response.statusCode()).as("%s while the database is frozen", path).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.body()).contains("\"success\":false").contains("database is not answering");
                assertThat(millis).as("%s answered within 5 s", path).isLessThan(5_000);
                System.out.printf("database frozen: %s answered %d in %d ms%n", path, response.statusCode(), millis);
            }
            String graphql = server.post("/graphql", "{\"query\":\"{ sessions(limit: 5) { total } }\"}").body();
            assertThat(graphql).contains("UNAVAILABLE").doesNotContain("Exception");
            assertThat(server.get("/actuator/health/liveness").statusCode()).as("liveness never depends on the database").isEqualTo(200);
            assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        } finally {
            signal("CONT", database.pid());
        }
        long thawed = System.nanoTime();
        while (server.get("/sessions").statusCode() != 200) {
            assertThat(System.nanoTime() - thawed).as("recovered within 30 s").isLessThan(30_000_000_000L);
            Thread.sleep(200);
        }
        System.out.printf("database thawed: requests answer 200 again after %d ms%n", (System.nanoTime() - thawed) / 1_000_000);
        assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private java.util.Optional<ProcessHandle> embeddedDatabase() {
        String dataArg = "--datadir=" + server.dataDir.toAbsolutePath().normalize().resolve("mariadb").resolve("data");
        return ProcessHandle.allProcesses().filter(p -> List.of(p.info().arguments().orElse(new String[0])).contains(dataArg)).findFirst();
    }

    /** Sends a signal to a process this test started (its server's embedded database). */
    private static void signal(String name, long pid) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
        assertThat(exit).as("kill -%s %d", name, pid).isZero();
    }

    /** A backtest of ten years: still replaying when the server is killed. */
    private String startBacktest() throws Exception {
        String body = server.post("/sessions", "{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\","
                + "\"range_start\":1420070400,\"range_end\":1735689600,\"strategy_params\":{\"threshold\":0.55}}").body();
        Matcher m = ID.matcher(body);
        assertThat(m.find()).as("created: %s", body).isTrue();
        assertThat(server.post("/sessions/" + m.group(1) + "/start", null).statusCode()).isEqualTo(200);
        return m.group(1);
    }

    /** Polls the database until at least {@code atLeast} trades match {@code condition}; returns how many did. */
    private int waitForTrades(List<String> ids, String condition, int atLeast, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int count = 0;
        while (System.nanoTime() < deadline) {
            try (Connection db = server.database(); Statement st = db.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM trades WHERE " + condition);
                rs.next();
                count = rs.getInt(1);
            }
            if (count >= atLeast) {
                return count;
            }
            Thread.sleep(250);
        }
        return count;
    }

    private boolean embeddedDatabaseStillRunning() {
        return embeddedDatabase().isPresent();
    }
}
