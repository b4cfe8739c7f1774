/*
 * Load harness for Botdeck's live log delivery: sessions write log lines, subscribers watch them
 * over graphql-ws (subscription sessionLogBatches, or sessionLogs with --graphql-mode lines, on
 * /graphql) and over the raw WebSocket
 * (/sessions/{id}/logs/stream), all on loopback. Prints, per step, the lines the bots wrote per
 * second, the lines delivered per second, latency from the line's timestamp (when the bot wrote
 * it) to its receipt (p50/p90/p99/max), and loss: sequence gaps and "missed" notices. Figures are
 * printed, never asserted.
 *
 * One file, JDK only (java.net.http WebSockets), run with the source launcher against a running
 * server whose simulated feed ticks fast enough for the rate wanted, e.g.:
 *
 *   java -jar backend/target/botdeck.jar --botdeck.feed.tick-interval=2ms --botdeck.data-dir=/tmp/bench-data
 *   java bench/graphql/GraphQlLoad.java --base http://127.0.0.1:8080 --sessions 1,2,5,10,20 \
 *        --subscribers 100 --seconds 20
 *
 * A TestBot session writes about two lines per candle, so with a 2 ms tick each session writes
 * about 1,000 lines/s and the steps above run about 1,000 to 20,000 lines/s in total; the
 * subscribers are spread evenly over the running sessions, half on each transport (--graphql-share).
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GraphQlLoad {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern LAST_SEQ = Pattern.compile("\"lastLogSequence\"\\s*:\\s*(\\d+)");

    static final int MAX_MS = 60_000;

    public static void main(String[] argv) throws Exception {
        try {
            run(argv);
        } catch (Exception e) {
            // the subscriber and client threads would keep the JVM (and the load) alive after a failed step
            System.err.println("log delivery benchmark failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>(Map.of(
                "base", "http://127.0.0.1:8080", "sessions", "1,2,5,10", "subscribers", "100",
                "seconds", "20", "warmup", "5", "graphql-share", "50", "clients", String.valueOf(Runtime.getRuntime().availableProcessors()),
                "graphql-mode", "batches"));
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        URI base = URI.create(args.get("base"));
        if (!isLoopback(base.getHost())) {
            throw new IllegalArgumentException("benchmarks only target loopback addresses, not " + base.getHost());
        }
        int subscribers = Integer.parseInt(args.get("subscribers"));
        int seconds = Integer.parseInt(args.get("seconds"));
        int warmup = Integer.parseInt(args.get("warmup"));
        int graphqlShare = Integer.parseInt(args.get("graphql-share"));
        int clients = Integer.parseInt(args.get("clients"));
        boolean batches = switch (args.get("graphql-mode")) {
            case "batches" -> true;
            case "lines" -> false;
            default -> throw new IllegalArgumentException("--graphql-mode is batches or lines");
        };

        Api api = new Api(base);
        System.out.printf(Locale.ROOT, "Botdeck log delivery on %s: %d subscribers (%d%% graphql-ws with %s, rest raw WebSocket), "
                + "%d s per step after %d s warm-up, %d cores%n", base, subscribers, graphqlShare,
                batches ? "sessionLogBatches" : "sessionLogs", seconds, warmup, Runtime.getRuntime().availableProcessors());
        System.out.println("sessions | written lines/s | delivered lines/s | p50 ms | p90 ms | p99 ms | max ms | gaps | missed notices (lines) | slow subs");
        List<String> summary = new ArrayList<>();
        for (String step : args.get("sessions").split(",")) {
            int sessions = Integer.parseInt(step.trim());
            Result r = runStep(api, base, sessions, subscribers, seconds, warmup, graphqlShare, clients, batches);
            String line = String.format(Locale.ROOT, "%8d | %15.0f | %17.0f | %6d | %6d | %6d | %6d | %4d | %8d (%d) | %d",
                    sessions, r.writtenPerSecond, r.deliveredPerSecond, r.p50, r.p90, r.p99, r.max, r.gaps,
                    r.missedNotices, r.missedLines, r.slowSubscribers);
            System.out.println(line);
            summary.add(line);
        }
    }

    record Result(double writtenPerSecond, double deliveredPerSecond, long p50, long p90, long p99, long max, long gaps,
                  long missedNotices, long missedLines, int slowSubscribers) {
    }

    static Result runStep(Api api, URI base, int sessionCount, int subscribers, int seconds, int warmup, int graphqlShare,
                          int clientCount, boolean batches) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessionCount; i++) {
            ids.add(api.createAndStart("bench " + sessionCount + "/" + (i + 1)));
        }
        Stats stats = new Stats();
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            clients.add(HttpClient.newBuilder().executor(executor).build());
        }
        List<Subscriber> subs = new ArrayList<>();
        int graphQlCount = Math.round(subscribers * graphqlShare / 100f);
        for (int i = 0; i < subscribers; i++) {
            String session = ids.get(i % ids.size());
            HttpClient client = clients.get(i % clients.size());
            Subscriber s = i < graphQlCount ? new GraphQlWsSubscriber(stats, batches) : new RawSubscriber(stats);
            s.connect(client, base, session).get(20, TimeUnit.SECONDS);
            subs.add(s);
        }
        Thread.sleep(warmup * 1000L);
        Map<String, Long> before = api.lastSequences(ids);
        stats.reset();
        subs.forEach(Subscriber::resetGapTracking);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stats.measuring = false;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> after = api.lastSequences(ids);
        long written = ids.stream().mapToLong(id -> after.get(id) - before.get(id)).sum();
        int slow = (int) subs.stream().filter(s -> s.missedNotices > 0).count();
        for (Subscriber s : subs) {
            s.close();
        }
        for (String id : ids) {
            api.stopAndDelete(id);
        }
        executor.shutdownNow();
        return new Result(written / elapsed, stats.delivered.get() / elapsed, stats.percentile(0.50), stats.percentile(0.90),
                stats.percentile(0.99), stats.max.get(), stats.gaps.get(), stats.missedNotices.get(), stats.missedLines.get(), slow);
    }

    /** Delivery counters and a 1 ms latency histogram, shared by all subscribers. */
    static final class Stats {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong missedNotices = new AtomicLong();
        final AtomicLong missedLines = new AtomicLong();
        final AtomicLong max = new AtomicLong();
        final AtomicLongArray histogram = new AtomicLongArray(MAX_MS + 1);
        volatile boolean measuring;

        void reset() {
            delivered.set(0);
            gaps.set(0);
            missedNotices.set(0);
            missedLines.set(0);
            max.set(0);
            for (int i = 0; i <= MAX_MS; i++) {
                histogram.set(i, 0);
            }
            measuring = true;
        }

        void line(long emittedMillis) {
            if (!measuring) {
                return;
            }
            long latency = Math.max(0, System.currentTimeMillis() - emittedMillis);
            delivered.incrementAndGet();
            histogram.incrementAndGet((int) Math.min(latency, MAX_MS));
            max.accumulateAndGet(latency, Math::max);
        }

        long percentile(double p) {
            long total = 0;
            for (int i = 0; i <= MAX_MS; i++) {
                total += histogram.get(i);
            }
            long rank = (long) Math.ceil(total * p);
            long seen = 0;
            for (int i = 0; i <= MAX_MS; i++) {
                seen += histogram.get(i);
                if (seen >= rank && total > 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** One watcher of one session's log. */
    abstract static class Subscriber implements WebSocket.Listener {
        final Stats stats;
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        long lastSeq = -1;
        long missedNotices;

        Subscriber(Stats stats) {
            this.stats = stats;
        }

        abstract CompletableFuture<?> connect(HttpClient client, URI base, String sessionId);

        abstract void message(WebSocket ws, String text);

        synchronized void resetGapTracking() {
            lastSeq = -1;
        }

        synchronized void sequence(long seq) {
            if (lastSeq >= 0 && seq > lastSeq + 1 && stats.measuring) {
                stats.gaps.addAndGet(seq - lastSeq - 1);
            }
            lastSeq = seq;
        }

        void missed(long lines) {
            if (stats.measuring) {
                missedNotices++;
                stats.missedNotices.incrementAndGet();
                stats.missedLines.addAndGet(lines);
            }
            resetGapTracking(); // a notice explains the gap that follows
        }

        @Override
        public void onOpen(WebSocket ws) {
            this.socket = ws;
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                message(ws, text);
            }
            ws.request(1);
            return null;
        }

        void close() {
            WebSocket ws = socket;
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
                ws.abort();
            }
        }
    }

    /**
     * graphql-ws by hand: connection_init, subscribe, then next messages; answers pings. Follows
     * {@code sessionLogBatches} (an array of lines per message) or {@code sessionLogs} (one line).
     */
    static final class GraphQlWsSubscriber extends Subscriber {
        private final boolean batches;
        private String sessionId;

        GraphQlWsSubscriber(Stats stats, boolean batches) {
            super(stats);
            this.batches = batches;
        }

        @Override
        CompletableFuture<?> connect(HttpClient client, URI base, String sessionId) {
            this.sessionId = sessionId;
            URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/graphql");
            return client.newWebSocketBuilder().subprotocols("graphql-transport-ws").buildAsync(uri, this)
                    .thenCompose(ws -> ws.sendText("{\"type\":\"connection_init\",\"payload\":{}}", true));
        }

        @Override
        void message(WebSocket ws, String text) {
            if (text.contains("\"type\":\"next\"")) {
                // entries as selected: {"sequence":..,"timestamp":"..","kind":"..","missed":..}
                for (int at = text.indexOf("{\"sequence\":"); at >= 0; at = text.indexOf("{\"sequence\":", at + 1)) {
                    long seq = number(text, at + 12);
                    int time = text.indexOf("\"timestamp\":\"", at) + 13;
                    int kind = text.indexOf("\"kind\":\"", time) + 8;
                    if (text.startsWith("MISSED", kind)) {
                        long lines = number(text, text.indexOf("\"missed\":", kind) + 9);
                        missed(Math.max(0, lines));
                    } else if (seq >= 0) {
                        sequence(seq);
                        stats.line(utcMillis(text, time));
                    }
                }
            } else if (text.contains("\"type\":\"connection_ack\"")) {
                String field = batches ? "sessionLogBatches" : "sessionLogs";
                ws.sendText("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription($s: ID!) "
                        + "{ " + field + "(sessionId: $s, tail: 0) { sequence timestamp kind missed } }\","
                        + "\"variables\":{\"s\":\"" + sessionId + "\"}}}", true);
            } else if (text.contains("\"type\":\"ping\"")) {
                ws.sendText("{\"type\":\"pong\"}", true);
            } else if (text.contains("\"type\":\"error\"")) {
                System.err.println("subscription error: " + text);
            }
        }
    }

    /** The plan's raw stream: one JSON object per line, with seq and timestamp_ms. */
    static final class RawSubscriber extends Subscriber {

        RawSubscriber(Stats stats) {
            super(stats);
        }

        @Override
        CompletableFuture<?> connect(HttpClient client, URI base, String sessionId) {
            URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/sessions/" + sessionId + "/logs/stream?tail=0");
            return client.newWebSocketBuilder().buildAsync(uri, this);
        }

        @Override
        void message(WebSocket ws, String text) {
            if (text.contains("\"type\":\"missed\"")) {
                int at = text.indexOf("\"missed\":");
                missed(at < 0 ? 0 : Math.max(0, number(text, at + 9)));
                return;
            }
            int seq = text.indexOf("\"seq\":");
            int time = text.indexOf("\"timestamp_ms\":");
            if (seq >= 0 && time >= 0) {
                sequence(number(text, seq + 6));
                stats.line(number(text, time + 15));
            }
        }
    }

    /** The whole number starting at {@code at}, or -1 for {@code null}. */
    static long number(String text, int at) {
        long value = 0;
        int i = at;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (text.startsWith("null", i)) {
            return -1;
        }
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** {@code 2026-11-29T22:11:43.123Z} at {@code at} as unix milliseconds, without a date-time parser. */
    static long utcMillis(String text, int at) {
        int year = Integer.parseInt(text, at, at + 4, 10);
        int month = Integer.parseInt(text, at + 5, at + 7, 10);
        int day = Integer.parseInt(text, at + 8, at + 10, 10);
        int hour = Integer.parseInt(text, at + 11, at + 13, 10);
        int minute = Integer.parseInt(text, at + 14, at + 16, 10);
        int second = Integer.parseInt(text, at + 17, at + 19, 10);
        int millis = Integer.parseInt(text, at + 20, at + 23, 10);
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The few GraphQL calls the harness needs, over HTTP. */
    static final class Api {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI graphql;

        Api(URI base) {
            this.graphql = base.resolve("/graphql");
        }

        String call(String query, String variables) throws Exception {
            String body = "{\"query\":\"" + query.replace("\"", "\\\"") + "\",\"variables\":" + variables + "}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(graphql)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
                throw new IllegalStateException("GraphQL call failed: " + response.statusCode() + " " + response.body());
            }
            return response.body();
        }

        String createAndStart(String name) throws Exception {
            String created = call("mutation($n: String) { createSession(input: {type: TEST, market: \"XBTUSD\", "
                    + "strategy: \"TestBot\", name: $n}) { id } }", "{\"n\":\"" + name + "\"}");
            Matcher id = ID.matcher(created);
            if (!id.find()) {
                throw new IllegalStateException("no id in " + created);
            }
            call("mutation($id: ID!) { startSession(id: $id) { status } }", "{\"id\":\"" + id.group(1) + "\"}");
            return id.group(1);
        }

        Map<String, Long> lastSequences(List<String> ids) throws Exception {
            Map<String, Long> result = new LinkedHashMap<>();
            for (String id : ids) {
                Matcher m = LAST_SEQ.matcher(call("query($id: ID!) { session(id: $id) { lastLogSequence } }",
                        "{\"id\":\"" + id + "\"}"));
                result.put(id, m.find() ? Long.parseLong(m.group(1)) : 0);
            }
            return result;
        }

        void stopAndDelete(String id) throws Exception {
            call("mutation($id: ID!) { stopSession(id: $id) { status } }", "{\"id\":\"" + id + "\"}");
            call("mutation($id: ID!) { deleteSession(id: $id) }", "{\"id\":\"" + id + "\"}");
        }
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }
}
