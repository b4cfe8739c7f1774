package io.botdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notification the channel refused is still owed after {@code kill -9}: the packaged jar raises
 * an alert, the webhook answers 500, the server is killed before the retry, and the restarted
 * server on the same data directory delivers it once. Loopback only; the server is started here
 * and stopped by pid.
 */
class AlertOutboxRestartIT {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private ServerProcess server;
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void stopEverythingStartedHere() throws InterruptedException {
        if (server != null) {
            server.cleanUp();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A webhook receiver on loopback: records each body, answers the next queued status (200 when none). */
    private String startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Integer status = answers.poll();
            byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private String created(String path, String body, String field) throws Exception {
        var response = server.post(path, body);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(201);
        return json.readTree(response.body()).get(field).get("id").asString();
    }

    private long outbox(String condition) throws Exception {
        try (Connection db = server.database(); Statement st = db.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM alert_outbox WHERE " + condition);
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private boolean outboxHas(String condition, long n) {
        try {
            return outbox(condition) == n;
        } catch (Exception notYet) {
            return false;
        }
    }

    @Test
    void aRefusedNotificationPendingAtKillMinus9IsDeliveredOnceAfterTheRestart() throws Exception {
        String url = startReceiver();
        answers.add(500);
        server = new ServerProcess(ServerProcess.packagedJar(), work);
        // the retry is far enough away for the kill to come first
        String[] settings = {"--botdeck.alerts.retry-base=20s"};
        server.start(START_LIMIT, settings);
        String channel = created("/alert-channels", "{\"name\":\"ops\",\"type\":\"webhook\",\"url\":\"" + url + "\"}", "channel");
        created("/alert-rules", "{\"name\":\"backtest done\",\"kind\":\"session_finished\",\"scope\":{\"type\":\"backtest\"},"
                + "\"channels\":[\"" + channel + "\"]}", "rule");
        String body = server.post("/sessions", "{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\","
                + "\"range_start\":1704067200,\"range_end\":1704153600}").body();
        Matcher m = ID.matcher(body);
        assertThat(m.find()).as("created: %s", body).isTrue();
        String session = m.group(1);
        assertThat(server.post("/sessions/" + session + "/start", null).statusCode()).isEqualTo(200);

        waitUntil(() -> received.size() == 1, Duration.ofSeconds(60), "the first attempt");
        waitUntil(() -> outboxHas("state = 'pending' AND attempts = 1", 1), Duration.ofSeconds(30), "the refusal to be recorded");
        server.kill();
        assertThat(received).hasSize(1);

        server.start(START_LIMIT, settings);
        waitUntil(() -> received.size() >= 2, Duration.ofSeconds(90), "the delivery after the restart");
        waitUntil(() -> outboxHas("state = 'delivered' AND attempts = 2", 1), Duration.ofSeconds(30), "the delivery to be recorded");
        JsonNode first = json.readTree(received.get(0));
        JsonNode second = json.readTree(received.get(1));
        assertThat(second.get("episode").asString()).isEqualTo("started");
        assertThat(second.get("kind").asString()).isEqualTo("session_finished");
        assertThat(second.get("sessions").get(0).get("id").asString()).isEqualTo(session);
        assertThat(second.get("sessions").get(0).get("alert_id").asString())
                .as("the same episode, not a new one").isEqualTo(first.get("sessions").get(0).get("alert_id").asString());

        // a few evaluation passes later: still one episode, delivered once since the restart
        Thread.sleep(5_000);
        assertThat(received).hasSize(2);
        assertThat(outbox("1 = 1")).isEqualTo(1);
        System.out.printf("kill -9 with a refused notification pending: delivered once after the restart (%d requests in all)%n",
                received.size());
    }
}
