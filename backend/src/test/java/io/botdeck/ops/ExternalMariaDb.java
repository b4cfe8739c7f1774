package io.botdeck.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own: its own data directory under the test's work directory and
 * its own loopback port, started from the machine's {@code mariadbd} (and set up with
 * {@code mariadb-install-db}). The test stops, freezes and restarts it by its pid; nothing else on
 * the machine is touched.
 */
final class ExternalMariaDb {

    static final Path MARIADBD = Path.of(System.getProperty("botdeck.it.mariadbd", "/usr/sbin/mariadbd"));
    static final Path INSTALL_DB = Path.of(System.getProperty("botdeck.it.mariadb-install-db", "/usr/bin/mariadb-install-db"));

    final Path dir;
    final int port;
    private final Path dataDir;
    private int starts;
    private Process process;

    private ExternalMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.dataDir = dir.resolve("data");
    }

    static boolean available() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB);
    }

    /** Sets up a fresh data directory under {@code dir} and starts the server on {@code port}. */
    static ExternalMariaDb install(Path dir, int port) throws Exception {
        ExternalMariaDb db = new ExternalMariaDb(dir, port);
        Files.createDirectories(dir);
        List<String> cmd = List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + db.dataDir, "--auth-root-authentication-method=normal",
                "--skip-test-db", "--user=" + System.getProperty("user.name"));
        Process install = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        if (!install.waitFor(120, TimeUnit.SECONDS) || install.exitValue() != 0) {
            install.destroyForcibly();
            throw new IllegalStateException("mariadb-install-db failed:\n" + Files.readString(dir.resolve("install.log")));
        }
        db.start(Duration.ofSeconds(60));
        return db;
    }

    /** Starts the server on its data directory and port; returns once it accepts connections. */
    void start(Duration limit) throws Exception {
        starts++;
        Path out = dir.resolve("mariadbd-" + starts + ".log");
        process = new ProcessBuilder(MARIADBD.toString(), "--no-defaults", "--datadir=" + dataDir, "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mariadbd.sock"), "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--user=" + System.getProperty("user.name"), "--skip-grant-tables", "--skip-name-resolve",
                "--innodb-buffer-pool-size=64M", "--max-connections=200")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + ":\n" + Files.readString(out));
            }
            try (Connection c = connect("")) {
                return;
            } catch (SQLException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("mariadbd did not accept connections within " + limit + ":\n" + Files.readString(out));
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (a normal shutdown), then waits until the process is gone. */
    void stop(Duration limit) throws Exception {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    void freeze() throws Exception {
        signal("STOP");
    }

    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?connectTimeout=2000", "root", "");
    }

    /** Ends the server (thawed first, so that it can end), if it still runs. */
    void cleanUp() throws Exception {
        if (process != null && process.isAlive()) {
            try {
                thaw();
            } catch (RuntimeException ignored) {
                // already gone
            }
            process.destroyForcibly().waitFor();
        }
    }
}
