package io.botdeck.events;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code WS /sessions/:id/logs/stream}: the plan's tick-by-tick log stream. Each message is a
 * JSON object ({@code log}, {@code trade}, {@code heartbeat}, plus {@code progress},
 * {@code status} and {@code missed}) with a sequence number. A client that reconnects with
 * {@code ?after=<last seq it saw>} gets every line it missed, then live lines; {@code levels}
 * filters ({@code info,trade}). An unknown session is closed with code 4404 and a reason.
 */
@Configuration(proxyBeanMethods = false)
public class LogStreamHandler implements WebSocketHandler {

    private static final Pattern PATH = Pattern.compile("^/sessions/([^/]+)/logs/stream$");
    static final CloseStatus NOT_FOUND = new CloseStatus(4404, "");
    static final CloseStatus BAD_REQUEST = new CloseStatus(4400, "");

    private final LogService logs;
    private final JsonMapper json;
    /** Each line encoded once for all readers of its session. */
    private final LineForms<byte[]> encoded = new LineForms<>(this::encode);

    public LogStreamHandler(LogService logs, JsonMapper json) {
        this.logs = logs;
        this.json = json;
    }

    @Bean
    HandlerMapping logStreamMapping() {
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/sessions/*/logs/stream", this));
        mapping.setOrder(-1);
        return mapping;
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        Matcher m = PATH.matcher(ws.getHandshakeInfo().getUri().getPath());
        if (!m.matches()) {
            return ws.close(NOT_FOUND.withReason("no such stream"));
        }
        String sessionId = m.group(1);
        var params = UriComponentsBuilder.fromUri(ws.getHandshakeInfo().getUri()).build().getQueryParams();
        Long after;
        java.util.Set<io.botdeck.core.LogLevel> levels;
        int tail;
        try {
            String afterParam = params.getFirst("after");
            after = afterParam == null || afterParam.isBlank() ? null
                    : io.botdeck.web.QueryParams.wholeNumber("after", afterParam, 0, 0, Long.MAX_VALUE);
            tail = io.botdeck.web.QueryParams.size("tail", params.getFirst("tail"), 200, 0, LogService.MAX_TAIL);
            levels = LogLevels.parse("levels", params.getFirst("levels"));
        } catch (InvalidInputException e) {
            return ws.close(BAD_REQUEST.withReason(truncate(e.getMessage())));
        }
        // each line is encoded once and the bytes are shared by every reader of the session
        return ws.send(encoded.reading(sessionId, forms -> logs.follow(sessionId, after, tail, levels)
                        .map(e -> new WebSocketMessage(WebSocketMessage.Type.TEXT, ws.bufferFactory().wrap(forms.of(e))))))
                .onErrorResume(NotFoundException.class, e -> ws.close(NOT_FOUND.withReason(truncate(e.getMessage()))));
    }

    private byte[] encode(LogEntry e) {
        return json.writeValueAsBytes(LogMessages.of(e));
    }

    /** Close reasons are limited to 123 bytes. */
    private static String truncate(String reason) {
        return reason.length() <= 120 ? reason : reason.substring(0, 120);
    }
}
