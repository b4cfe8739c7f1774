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
        List<String> ids = startLiveSessions(20);
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
        List<String> ids = startLiveSessions(10);
        waitForTrades(ids, "exit_time IS NOT NULL", 5, Duration.ofSeconds(60));
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
        assertThat(embeddedDatabaseStillRunning()).as("kill -9 leaves the embedded database running (what the restart must handle)").isTrue();

        Duration restart = server.start(START_LIMIT);
        assertThat(server.pid()).isNotEqualTo(crashedPid);
        assertThat(server.output()).contains("left running by a Botdeck that did not shut down");
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            for (Map.Entry<String, String> e : seen.entrySet()) {
                String[] key = e.getKey().split("#");
                ResultSet rs = st.executeQuery("SELECT entry_price FROM trades WHERE session_id = '" + key[0] + "' AND trade_no = " + key[1]);
                assertThat(rs.next()).as("trade %s is stored", e.getKey()).isTrue();
                assertThat(rs.getBigDecimal(1).compareTo(new java.math.BigDecimal(e.getValue()))).as("entry price of %s", e.getKey()).isZero();
            }
        }
        System.out.printf("kill -9 with %d live sessions: restart on the same data dir answered after %d ms; %d trades seen before the crash all stored%n",
                ids.size(), restart.toMillis(), seen.size());

        // the operations surface of the same packaged jar
        assertThat(server.get("/actuator/health/liveness").body()).contains("\"status\":\"UP\"");
        assertThat(server.get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
        assertThat(server.get("/livez").statusCode()).isEqualTo(200);
        assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        String prometheus = server.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("botdeck_sessions{").contains("status=\"running\"").contains("r2dbc_pool_acquired_connections");
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

    private List<String> startLiveSessions(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = server.post("/sessions", "{\"type\":\"test\",\"market\":\"" + (i % 2 == 0 ? "XBTUSD" : "ETHUSD")
                    + "\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.1}}").body();
            Matcher m = ID.matcher(body);
            assertThat(m.find()).as("created: %s", body).isTrue();
            ids.add(m.group(1));
            assertThat(server.post("/sessions/" + m.group(1) + "/start", null).statusCode()).isEqualTo(200);
        }
        return ids;
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
