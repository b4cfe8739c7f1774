package io.botdeck.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Botdeck's own settings ({@code botdeck.*}).
 *
 * @param dataDir         where the embedded database, log files and trade exports live
 * @param heartbeat       how often a running session reports that it is alive
 * @param staleAfter      a running session without a heartbeat for longer than this is stale
 * @param database        an external MySQL / MariaDB; when its host is empty the embedded one starts
 */
@ConfigurationProperties("botdeck")
public record BotdeckProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue Database database) {

    /** Connection to an external database. */
    public record Database(
            @DefaultValue("") String host,
            @DefaultValue("3306") int port,
            @DefaultValue("botdeck") String name,
            @DefaultValue("root") String username,
            @DefaultValue("") String password) {

        public boolean isExternal() {
            return host != null && !host.isBlank();
        }
    }
}
