package io.botdeck.legacy;

import java.util.List;

import io.botdeck.core.SessionType;
import io.botdeck.session.SessionQuery;
import io.botdeck.session.SessionService;
import io.botdeck.session.SessionSort;
import io.botdeck.session.SessionStatus;
import io.botdeck.session.SessionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The single-session routes that came before {@code /sessions} (plan §5). They still answer,
 * with the most recent session of their type, and say where to go instead: a {@code deprecation}
 * notice in the body and the {@code Deprecation} and {@code Link} headers.
 */
@RestController
@Tag(name = "Deprecated")
public class LegacySessionController {

    /** 2024-01-24, the day the plan replaced these routes (RFC 9745 form: @unix-seconds). */
    static final String DEPRECATED_SINCE = "@1706054400";

    private final SessionService sessions;

    public LegacySessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    public record LegacyResponse(boolean success, boolean deprecated, String deprecation, String successor,
                                 SessionView session) {
    }

    @GetMapping(path = "/session/test", produces = "application/json")
    @Operation(summary = "Deprecated: the latest test session; use GET /sessions?type=test", deprecated = true)
    public Mono<ResponseEntity<LegacyResponse>> test() {
        return latest(SessionType.TEST);
    }

    @GetMapping(path = "/session/backtest", produces = "application/json")
    @Operation(summary = "Deprecated: the latest backtest session; use GET /sessions?type=backtest", deprecated = true)
    public Mono<ResponseEntity<LegacyResponse>> backtest() {
        return latest(SessionType.BACKTEST);
    }

    private Mono<ResponseEntity<LegacyResponse>> latest(SessionType type) {
        String successor = "/sessions?type=" + type.wire();
        SessionQuery query = new SessionQuery(List.<SessionStatus>of(), List.of(type), List.of(), null, 1, 0, SessionSort.DEFAULT);
        return sessions.list(query).map(page -> ResponseEntity.ok()
                .header("Deprecation", DEPRECATED_SINCE)
                .header(HttpHeaders.LINK, "<" + successor + ">; rel=\"successor-version\"")
                .body(new LegacyResponse(true, true,
                        "/session/" + type.wire() + " is deprecated: sessions now run side by side; use " + successor
                                + " to list them and /sessions/{id} for one",
                        successor,
                        page.items().isEmpty() ? null : SessionView.of(page.items().get(0)))));
    }
}
