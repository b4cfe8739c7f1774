package io.botdeck.alert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert settings ({@code botdeck.alerts.*}).
 *
 * @param evaluateEvery  how often running sessions are checked against the time and result based rules
 * @param groupWindow    notifications of one channel that start within this window go out as one message
 * @param sendTimeout    how long a channel may take to answer one message before it counts as failed
 * @param connectTimeout how long connecting to a channel may take
 * @param maxAttempts    attempts per notification before it is marked failed
 * @param retryBase      wait before the first retry; doubled after each failure
 * @param retryMax       longest wait between retries
 * @param catchUp        how far back, at start, failed and finished sessions are looked for that raised no
 *                       alert (their change was not seen: the server was down or the database away)
 */
@ConfigurationProperties("botdeck.alerts")
public record AlertProperties(
        @DefaultValue("1s") Duration evaluateEvery,
        @DefaultValue("2s") Duration groupWindow,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration retryBase,
        @DefaultValue("5m") Duration retryMax,
        @DefaultValue("24h") Duration catchUp) {

    /** Wait after the {@code attempts}-th failed attempt. */
    public Duration backoff(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration wait = retryBase.multipliedBy(factor);
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}
