package io.botdeck;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Botdeck: many trading-bot sessions side by side, their history, and their live logs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BotdeckApplication {

    public static void main(String[] args) {
        SpringApplication.run(BotdeckApplication.class, args);
    }
}
