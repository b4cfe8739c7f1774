package io.botdeck.alert;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a {@link Notification} into each channel type's own format and sends it. Non-blocking with
 * bounded connect and answer times, on connection pools kept per remote address, so a channel that
 * hangs holds only its own request.
 */
@Component
public class ChannelSender {

    public static final String SIGNATURE_HEADER = "X-Botdeck-Signature";
    /** Discord refuses content beyond 2,000 characters; Telegram beyond 4,096. */
    static final int DISCORD_MAX = 2000;
    static final int TELEGRAM_MAX = 4096;
    static final int ANSWER_MAX = 500;

    private final JsonMapper json;
    private final AlertProperties settings;
    private final ConnectionProvider pool;
    private final HttpClient http;

    public ChannelSender(JsonMapper json, AlertProperties settings) {
        this.json = json;
        this.settings = settings;
        this.pool = ConnectionProvider.builder("alert-channels").maxConnections(64).pendingAcquireMaxCount(256)
                .maxIdleTime(java.time.Duration.ofSeconds(30)).build();
        this.http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.sendTimeout())
                .followRedirect(false);
    }

    @PreDestroy
    void close() {
        pool.dispose();
    }

    /** Sends; never fails: a refusal, an error status or a timeout is a {@link Delivery} that was not accepted. */
    public Mono<Delivery> send(AlertChannel channel, Notification n) {
        return Mono.defer(() -> switch (channel.type()) {
                    case WEBHOOK -> webhook(channel, n);
                    case SLACK -> postJson(channel.url(), slackBody(n), null, false);
                    case DISCORD -> postJson(channel.url(), discordBody(n), null, false);
                    case TELEGRAM -> postJson(channel.telegramApi() + "/bot" + channel.botToken() + "/sendMessage",
                            telegramBody(channel, n), null, true);
                    case NTFY -> ntfy(channel, n);
                })
                .timeout(settings.sendTimeout().plus(settings.connectTimeout()))
                .onErrorResume(e -> Mono.just(new Delivery(false, 0, reason(e, channel))));
    }

    private Mono<Delivery> webhook(AlertChannel channel, Notification n) {
        byte[] body = json.writeValueAsBytes(webhookBody(n));
        String signature = channel.secret() == null ? null : "sha256=" + hmacSha256Hex(channel.secret(), body);
        return post(channel.url(), body, "application/json", signature, null, false);
    }

    private Mono<Delivery> ntfy(AlertChannel channel, Notification n) {
        return post(channel.url(), n.text().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", null,
                asciiTitle(n.title()), false);
    }

    private Mono<Delivery> postJson(String url, ObjectNode body, String signature, boolean telegram) {
        return post(url, json.writeValueAsBytes(body), "application/json", signature, null, telegram);
    }

    private Mono<Delivery> post(String url, byte[] body, String contentType, String signature, String title,
                                boolean telegram) {
        return http.headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    // a plain length, not chunked: simple receivers read the body by its length
                    h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    h.set(HttpHeaderNames.USER_AGENT, "Botdeck-Alerts");
                    if (signature != null) {
                        h.set(SIGNATURE_HEADER, signature);
                    }
                    if (title != null) {
                        h.set("Title", title);
                    }
                })
                .post()
                .uri(URI.create(url))
                .send(ByteBufFlux.fromInbound(Mono.just(body)))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> {
                            int status = res.status().code();
                            boolean ok = status >= 200 && status < 300;
                            if (ok && telegram) {
                                // the Bot API says {"ok": true} when it took the message
                                ok = text.replace(" ", "").contains("\"ok\":true");
                            }
                            return new Delivery(ok, status, shorten(text));
                        }));
    }

    // ------------------------------------------------------------------ formats

    /** Botdeck's own JSON: the rule, the kind, the episode, the sessions. */
    ObjectNode webhookBody(Notification n) {
        ObjectNode body = json.createObjectNode();
        body.put("source", "botdeck");
        body.put("episode", n.episodeWire());
        body.put("kind", n.kind() == null ? null : n.kind().wire());
        ObjectNode rule = body.putObject("rule");
        rule.put("id", n.ruleId());
        rule.put("name", n.ruleName());
        rule.put("kind", n.kind() == null ? null : n.kind().wire());
        body.put("title", n.title());
        body.put("text", n.text());
        body.put("sent_at", Instant.now().getEpochSecond());
        ArrayNode sessions = body.putArray("sessions");
        for (Notification.Item it : n.items()) {
            ObjectNode s = sessions.addObject();
            s.put("id", it.sessionId());
            s.put("name", it.sessionName());
            s.put("type", it.sessionType());
            s.put("market", it.market());
            s.put("strategy", it.strategy());
            s.put("status", it.status());
            s.put("alert_id", it.alertId());
            s.put("detail", it.detail());
            s.put("started_at", it.startedAt());
            if (it.resolvedAt() != null) {
                s.put("resolved_at", it.resolvedAt());
            } else {
                s.putNull("resolved_at");
            }
        }
        return body;
    }

    ObjectNode slackBody(Notification n) {
        ObjectNode body = json.createObjectNode();
        body.put("text", n.text());
        return body;
    }

    ObjectNode discordBody(Notification n) {
        ObjectNode body = json.createObjectNode();
        body.put("content", n.text(DISCORD_MAX));
        return body;
    }

    ObjectNode telegramBody(AlertChannel channel, Notification n) {
        ObjectNode body = json.createObjectNode();
        body.put("chat_id", channel.chatId());
        body.put("text", n.text(TELEGRAM_MAX));
        body.put("disable_web_page_preview", true);
        return body;
    }

    /** Header values must be ASCII: anything else becomes a space. */
    static String asciiTitle(String title) {
        StringBuilder out = new StringBuilder(title.length());
        for (char c : title.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? c : c == '—' ? '-' : ' ');
        }
        return out.toString().replaceAll(" {2,}", " ").trim();
    }

    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String shorten(String text) {
        return text.length() <= ANSWER_MAX ? text : text.substring(0, ANSWER_MAX) + "…";
    }

    /** Why there was no answer, without internals; a bot token never appears in it. */
    private static String reason(Throwable e, AlertChannel channel) {
        Throwable t = reactor.core.Exceptions.unwrap(e);
        String what;
        if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.ReadTimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            what = "no answer within the time limit";
        } else if (t instanceof java.net.ConnectException || t.getCause() instanceof java.net.ConnectException) {
            what = "connection refused";
        } else if (t instanceof java.net.UnknownHostException || t.getCause() instanceof java.net.UnknownHostException) {
            what = "unknown host";
        } else if (t instanceof reactor.netty.http.client.PrematureCloseException) {
            what = "the connection closed before an answer";
        } else {
            what = "could not send (" + t.getClass().getSimpleName() + ")";
        }
        if (channel.botToken() != null) {
            what = what.replace(channel.botToken(), "****");
        }
        return what;
    }
}
