package io.botdeck.security;

import io.botdeck.web.ClientLimits;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import io.botdeck.core.LogLevel;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLogs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Connections that send nothing, a byte at a time, never initialise graphql-ws, never answer a
 * ping or never read: each is closed within its limit; per-client caps hold. Limits are short
 * here so the test is quick; the defaults are in application.yml.
 */
@TestPropertySource(properties = {
        "botdeck.connections.idle-timeout=2s",
        "botdeck.connections.request-timeout=2s",
        "botdeck.connections.max-per-client=400",
        "botdeck.websocket.ping-interval=1s",
        "botdeck.websocket.idle-timeout=3s",
        "botdeck.websocket.stall-timeout=2s",
        "botdeck.websocket.max-per-client=30",
        "spring.graphql.websocket.connection-init-timeout=2s"
})
class TimeoutsAndCapsTest extends IntegrationTest {

    private static final String CLIENT = "127.0.0.1";

    @Autowired
    ClientLimits limits;

    @Autowired
    ConnectionLimits connections;

    @Autowired
    SessionLogs logs;

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** Whether the server closes the socket within {@code millis} (reads and discards what it sends until then). */
    private static boolean closedWithin(Socket s, long millis) throws IOException {
        long end = System.currentTimeMillis() + millis;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < end) {
            s.setSoTimeout((int) Math.max(1, end - System.currentTimeMillis()));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    @Test
    void connectionsThatSendNothingOrTrickleAreClosed() throws Exception {
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            silent.add(open());
        }
        Socket trickle = open();
        OutputStream out = trickle.getOutputStream();
        long started = System.currentTimeMillis();
        byte[] request = "GET /sessions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < request.length && System.currentTimeMillis() - started < 6_000; i++) {
            try {
                out.write(request[i]);
                out.flush();
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(closedWithin(trickle, 1_000)).as("a request trickling in a byte every 300 ms").isTrue();
        assertThat(System.currentTimeMillis() - started).isLessThan(6_000);
        for (Socket s : silent) {
            assertThat(closedWithin(s, 2_000)).as("a connection that sent nothing").isTrue();
            s.close();
        }
        // a keep-alive connection is closed once idle after its response
        try (Socket s = open()) {
            s.getOutputStream().write(("GET /strategies HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(closedWithin(s, 5_000)).isTrue();
        }
        http.get().uri("/sessions").exchange().expectStatus().isOk();
    }

    @Test
    void websocketsThatNeverInitialiseOrAnswerPingsAreClosed() throws Exception {
        String id = createTest();
        try (Socket graphql = upgrade("/graphql", "graphql-transport-ws");
             Socket stream = upgrade("/sessions/" + id + "/logs/stream", null)) {
            assertThat(closedWithin(graphql, 5_000)).as("graphql-ws without connection_init").isTrue();
            // a raw socket never answers the server's pings
            assertThat(closedWithin(stream, 6_000)).as("a log stream that never answers a ping").isTrue();
        }
        awaitSockets(0, 3_000);
    }

    @Test
    void aReaderThatStopsReadingIsDisconnectedAndResumesBySequence() throws Exception {
        String id = createTest();
        Socket reader = new Socket();
        reader.setReceiveBufferSize(4096);
        reader.connect(new InetSocketAddress("127.0.0.1", port));
        handshake(reader, "/sessions/" + id + "/logs/stream?tail=0", null);
        awaitSockets(1, 3_000);
        var log = logs.of(id);
        String line = "x".repeat(1000);
        long deadline = System.currentTimeMillis() + 20_000;
        // lines flow until the reader's socket is full; it reads nothing
        while (limits.socketsOf(CLIENT) > 0 && System.currentTimeMillis() < deadline) {
            List<LogEntry> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(new LogEntry(0, System.currentTimeMillis(), LogEntry.Kind.LOG, LogLevel.INFO, line, Map.of()));
            }
            log.append(batch);
            Thread.sleep(20);
        }
        assertThat(limits.socketsOf(CLIENT)).as("the stalled reader was disconnected").isZero();
        reader.close();
        long last = log.lastSeq();
        // it reconnects with the last sequence it saw and carries on from there
        try (Socket again = upgrade("/sessions/" + id + "/logs/stream?after=" + (last - 5), null)) {
            again.setSoTimeout(5_000);
            byte[] buf = new byte[16_384];
            StringBuilder got = new StringBuilder();
            while (!got.toString().contains("\"seq\":" + last)) {
                int n = again.getInputStream().read(buf);
                assertThat(n).isPositive();
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(got.toString()).contains("\"seq\":" + (last - 4));
        }
    }

    @Test
    void perClientCapsHold() throws Exception {
        String id = createTest();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                sockets.add(upgrade("/sessions/" + id + "/logs/stream?tail=0", null));
            }
            awaitSockets(30, 5_000);
            Socket extra = open();
            sockets.add(extra);
            String response = handshake(extra, "/sessions/" + id + "/logs/stream", null);
            assertThat(response).startsWith("HTTP/1.1 429");
            assertThat(limits.socketsOf(CLIENT)).isEqualTo(30);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        awaitSockets(0, 5_000);
        // plain connections: more than max-per-client are closed at once
        List<Socket> many = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                many.add(open());
            }
            long end = System.currentTimeMillis() + 10_000;
            while (connections.openOf(CLIENT) < 400 && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            Socket over = open();
            many.add(over);
            assertThat(closedWithin(over, 5_000)).as("connection 401 of one client").isTrue();
        } finally {
            for (Socket s : many) {
                s.close();
            }
        }
    }

    private void awaitSockets(int expected, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (limits.socketsOf(CLIENT) != expected && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertThat(limits.socketsOf(CLIENT)).isEqualTo(expected);
    }

    private Socket upgrade(String path, String protocol) throws IOException {
        Socket s = open();
        String response = handshake(s, path, protocol);
        assertThat(response).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Sends a WebSocket handshake and returns the response head. */
    private String handshake(Socket s, String path, String protocol) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n") + "\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        StringBuilder head = new StringBuilder();
        InputStream in = s.getInputStream();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
