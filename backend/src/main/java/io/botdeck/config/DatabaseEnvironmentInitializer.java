package io.botdeck.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points R2DBC (the application) and Flyway (JDBC, at start-up) at the database before any bean
 * exists: the external one when {@code botdeck.database.host} is set, otherwise an embedded
 * MariaDB started here. Registered in {@code META-INF/spring.factories} so it also runs under
 * {@code @SpringBootTest}.
 */
public class DatabaseEnvironmentInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SOURCE_NAME = "botdeckDatabase";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (env.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        String host = env.getProperty("botdeck.database.host", "").trim();
        int port = env.getProperty("botdeck.database.port", Integer.class, 3306);
        String name = env.getProperty("botdeck.database.name", "botdeck");
        String user = env.getProperty("botdeck.database.username", "root");
        String password = env.getProperty("botdeck.database.password", "");

        if (host.isEmpty()) {
            Path dataDir = Path.of(env.getProperty("botdeck.data-dir", "./data"));
            boolean fresh = env.getProperty("botdeck.database.embedded-fresh", Boolean.class, false);
            EmbeddedMariaDb db = EmbeddedMariaDb.acquire(dataDir, fresh);
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    db.release();
                }
            };
            // the database goes last: the first disposable bean registered is destroyed after all
            // the others, so runs stopped at shutdown still store their final writes
            if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("botdeckEmbeddedDatabase", release::run);
            } else {
                context.addApplicationListener(event -> {
                    if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                        release.run();
                    }
                });
            }
            context.addApplicationListener(event -> {
                if (event instanceof ApplicationFailedEvent) {
                    release.run();
                }
            });
            host = "127.0.0.1";
            port = db.port();
            user = "root";
            password = "";
        }

        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.r2dbc.url", "r2dbc:mysql://" + host + ":" + port + "/" + name
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&sslMode=PREFERRED&connectTimeout=PT3S"
                + "&createDatabaseIfNotExist=true");
        props.put("spring.r2dbc.username", user);
        props.put("spring.r2dbc.password", password);
        props.put("spring.flyway.url", "jdbc:mariadb://" + host + ":" + port + "/" + name
                + "?createDatabaseIfNotExist=true&allowPublicKeyRetrieval=true&connectionTimeZone=UTC&connectTimeout=10000");
        props.put("spring.flyway.user", user);
        props.put("spring.flyway.password", password);
        env.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, props));
    }
}
