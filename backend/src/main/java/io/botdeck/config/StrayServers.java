package io.botdeck.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds embedded MariaDB servers left behind on a data directory. A Botdeck process killed with
 * {@code kill -9} cannot stop its embedded server; that server keeps running under init, holds the
 * data directory's locks and makes the next start fail. Such an orphan is ours (its binary and
 * data are under our data directory) and nobody uses it any more, so it is stopped before a new
 * server starts. A server whose parent is still alive belongs to another running Botdeck on the
 * same data directory: that is refused with a clear message instead.
 */
final class StrayServers {

    private static final Logger log = LoggerFactory.getLogger(StrayServers.class);
    private static final Duration POLITE_STOP = Duration.ofSeconds(15);

    private StrayServers() {
    }

    /** Stops orphaned servers of {@code baseDir} that serve {@code dataDir}. */
    static void stopOrphansOf(Path baseDir, Path dataDir) {
        String binary = baseDir.toAbsolutePath().normalize().resolve("bin").resolve("mariadbd").toString();
        String dataArg = "--datadir=" + dataDir.toAbsolutePath().normalize();
        List<ProcessHandle> servers = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> serves(p, binary, dataArg))
                .toList();
        for (ProcessHandle server : servers) {
            Optional<ProcessHandle> parent = server.parent().filter(ProcessHandle::isAlive);
            boolean orphan = parent.isEmpty() || parent.get().pid() == 1 || !isJava(parent.get());
            if (!orphan) {
                throw new IllegalStateException("Another Botdeck (process " + parent.get().pid() + ") is running on the data directory "
                        + dataDir.getParent().getParent() + " with its embedded MariaDB (process " + server.pid()
                        + "). Stop it first, or give this one another botdeck.data-dir (BOTDECK_DATA_DIR).");
            }
            stop(server);
        }
    }

    private static boolean serves(ProcessHandle process, String binary, String dataArg) {
        ProcessHandle.Info info = process.info();
        String command = info.command().orElse("");
        if (!command.equals(binary) && !command.endsWith("/mariadbd")) {
            return false;
        }
        String[] args = info.arguments().orElse(new String[0]);
        boolean ours = command.equals(binary);
        boolean sameData = false;
        for (String arg : args) {
            if (arg.equals(dataArg)) {
                sameData = true;
            }
            if (arg.equals("--basedir=" + Path.of(binary).getParent().getParent())) {
                ours = true;
            }
        }
        return ours && sameData;
    }

    private static boolean isJava(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private static void stop(ProcessHandle server) {
        log.warn("Stopping the embedded MariaDB (process {}) left running by a Botdeck that did not shut down; "
                + "its data is kept and checked by MariaDB at the next start", server.pid());
        server.destroy();
        try {
            server.onExit().get(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("The embedded MariaDB (process {}) did not stop within {} s; killing it", server.pid(), POLITE_STOP.toSeconds());
            server.destroyForcibly();
            server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a stray embedded MariaDB", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not stop the stray embedded MariaDB (process " + server.pid() + ")", e);
        }
    }
}
