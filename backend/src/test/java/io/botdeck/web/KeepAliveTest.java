package io.botdeck.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection keeps being answered, however its requests arrive: one after another,
 * or the next sent before the server has finished with the one before (pipelined).
 */
class KeepAliveTest extends IntegrationTest {

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n";
    }

    /** Reads {@code count} whole responses (each has a Content-Length) within the socket's timeout. */
    private static int readResponses(InputStream in, int count) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int done = 0;
        while (done < count) {
            String head = readHead(in);
            assertThat(head).as("responses so far: %d", done).startsWith("HTTP/1.1 ");
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            seen.write(in.readNBytes(length));
            done++;
        }
        return done;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void requestsSentTheMomentTheAnswerBeforeArrivesAreAllAnswered() throws Exception {
        String[] paths = {"/no-such-route", "/strategies", "/sessions/not-a-session", "/markets"};
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3_000; i++) {
                out.write(get(paths[i % paths.length]).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponses(in, 1)).as("request %d", i).isEqualTo(1);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAllAnsweredAndTheConnectionGoesOnReading() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String[][] pairs = {
                    {"/strategies", "/no-such-route"},
                    {"/no-such-route", "/strategies"},
                    {"/strategies", "/"},
                    {"/", "/"},
                    {"/strategies", "/sessions/not-a-session"},
                    {"/strategies", "/strategies"},
            };
            for (int round = 0; round < 60; round++) {
                String[] pair = pairs[round % pairs.length];
                // two requests in one write: the second arrives while the first is still being answered
                out.write((get(pair[0]) + get(pair[1])).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponses(in, 2)).isEqualTo(2);
                // then one on its own, after both answers: it must be read too
                out.write(get("/strategies").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponses(in, 1)).as("round %d", round).isEqualTo(1);
            }
        }
    }
}
