package io.botdeck.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar as its own process, the way an operator runs it: a port of its own, a data
 * directory of its own, output in a file. Fault tests stop it with SIGTERM or SIGKILL by pid.
 */
final class ServerProcess {

    private static final Pattern SESSION_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private static final Pattern DB_PORT = Pattern.compile("Embedded MariaDB started on 127\\.0\\.0\\.1:(\\d+)");

    final Path jar;
    final Path dataDir;
    final Path tmpDir;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Path> outputs = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;

    ServerProcess(Path jar, Path workDir) throws IOException {
        this(jar, workDir, freePort());
    }

    /** A server on {@code port}. */
    ServerProcess(Path jar, Path workDir, int port) throws IOException {
        this.jar = jar;
        this.dataDir = workDir.resolve("data");
        this.tmpDir = workDir.resolve("tmp");
        Files.createDirectories(tmpDir);
        this.port = port;
    }

    /**
     * A free loopback port in {@code botdeck.it.ports} (default 18700-18799), other than
     * {@code except}: fault tests keep to a range of their own.
     */
    static int portInRange(int... except) throws IOException {
        String[] range = System.getProperty("botdeck.it.ports", "18700-18799").split("-");
        int from = Integer.parseInt(range[0].trim());
        int to = Integer.parseInt(range[1].trim());
        next:
        for (int p = from; p <= to; p++) {
            for (int x : except) {
                if (x == p) {
                    continue next;
                }
            }
            try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IOException("no free port in " + from + ".." + to);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path packagedJar() {
        String jar = System.getProperty("botdeck.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("botdeck.jar must name the packaged jar (failsafe sets it); got " + jar);
        }
        return Path.of(jar);
    }

    /** Adds a JVM option (a {@code -D} system property, say) to the next starts. */
    ServerProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Asks the running server's JVM for a full garbage collection (JDK's jcmd), so what only a collection reveals is logged. */
    void collectGarbage() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run").redirectErrorStream(true).start();
        String said = new String(gc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!gc.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + said);
        }
    }

    /** Starts the server and waits until it answers; fails after {@code limit}. */
    Duration start(Duration limit, String... extraArgs) throws Exception {
        Path out = dataDir.getParent().resolve("server-" + (outputs.size() + 1) + ".log");
        outputs.add(out);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-Djava.io.tmpdir=" + tmpDir));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--botdeck.data-dir=" + dataDir));
        cmd.addAll(List.of(extraArgs));
        long began = System.nanoTime();
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = began + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail(out));
            }
            try {
                if (get("/strategies").statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - began);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not answer within " + limit + ":\n" + tail(out));
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then waits for the process to end; returns how long that took. */
    Duration terminate(Duration limit) throws InterruptedException {
        long began = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the server did not stop within " + limit + " of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** SIGKILL: nothing of the server runs its shutdown. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops whatever this test started that is still running: the server, and its embedded database by its data directory. */
    void cleanUp() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
        String dataArg = "--datadir=" + dataDir.toAbsolutePath().normalize().resolve("mariadb").resolve("data");
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String[] args = p.info().arguments().orElse(new String[0]);
            if (List.of(args).contains(dataArg)) {
                p.destroyForcibly();
                p.onExit().join();
            }
        }
    }

    String output() throws IOException {
        return Files.readString(outputs.get(outputs.size() - 1));
    }

    int databasePort() throws IOException {
        Matcher m = DB_PORT.matcher(output());
        if (!m.find()) {
            throw new IllegalStateException("no embedded database port in the server's output");
        }
        return Integer.parseInt(m.group(1));
    }

    Connection database() throws IOException, SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + databasePort() + "/botdeck", "root", "");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        request = json == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates and starts {@code n} live TestBot sessions, alternating XBTUSD and ETHUSD; answers their ids. */
    List<String> startLiveSessions(int n) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = post("/sessions", "{\"type\":\"test\",\"market\":\"" + (i % 2 == 0 ? "XBTUSD" : "ETHUSD")
                    + "\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.1}}").body();
            Matcher m = SESSION_ID.matcher(body);
            assertThat(m.find()).as("created: %s", body).isTrue();
            ids.add(m.group(1));
            assertThat(post("/sessions/" + m.group(1) + "/start", null).statusCode()).isEqualTo(200);
        }
        return ids;
    }

    private static String tail(Path out) {
        try {
            List<String> lines = Files.readAllLines(out);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
