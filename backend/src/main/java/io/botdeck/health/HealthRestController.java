package io.botdeck.health;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.botdeck.config.Sql;
import io.botdeck.error.StorageUnavailable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import io.botdeck.web.Decimals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code POST /sessions/:id/heartbeat} and {@code GET /sessions/health}. */
@RestController
@RequestMapping(path = "/sessions", produces = "application/json")
@Tag(name = "Heartbeat & health")
public class HealthRestController {

    private final HealthService health;

    public HealthRestController(HealthService health) {
        this.health = health;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HeartbeatResponse(boolean success, long lastUpdated) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HealthView(String id, String name, String type, String market, String strategy, String status,
                             Long startedAt, Long lastUpdated, long secondsSinceUpdate, boolean isStale,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String staleAction,
                             int tradeCount, BigDecimal totalPnl) {
        static HealthView of(SessionHealth h) {
            var s = h.session();
            return new HealthView(s.id(), s.name(), s.type().wire(), s.market(), s.strategy(), s.status().wire(),
                    Sql.epochSeconds(s.startedAt()), Sql.epochSeconds(h.lastUpdated()), h.secondsSinceUpdate(), h.stale(),
                    h.stale() ? SessionHealth.STALE_ACTION : null, s.tradeCount(),
                    Decimals.plain(s.totalPnl()));
        }
    }

    /**
     * The storage part of {@code GET /sessions/health}: {@code status} {@code ok} or {@code failing}
     * (the database refuses writes as unreachable; runs hold their output until it is back).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StorageHealth(String status, Long failingSince, long failingForSeconds, int failingRuns, long backlog) {
        static StorageHealth of(StorageView v) {
            return new StorageHealth(v.failing() ? "failing" : "ok", Sql.epochSeconds(v.failingSince()), v.failingForSeconds(),
                    v.failingRuns(), v.backlog());
        }
    }

    public record HealthResponse(boolean success, List<HealthView> sessions, StorageHealth storage) {
    }

    /** The answer while the database cannot be read: the usual 503 envelope, with what is known of storage. */
    public record UnavailableResponse(boolean success, String error, StorageHealth storage) {
    }

    @PostMapping("/{id}/heartbeat")
    @Operation(summary = "A running bot reports that it is alive (every 10 s)")
    public Mono<HeartbeatResponse> heartbeat(@PathVariable String id) {
        return health.heartbeat(id).map(at -> new HeartbeatResponse(true, at.getEpochSecond()));
    }

    @GetMapping("/health")
    @Operation(summary = "Running sessions with stale detection (no heartbeat for more than 30 s), and whether the database takes writes",
            description = "`storage.status` is `failing` while the database refuses writes as unreachable: runs hold their output"
                    + " (`storage.backlog` items over all runs) and store it in order once it is back. While the database cannot"
                    + " be read at all the answer is a 503 with `Retry-After` and the error envelope, plus `storage`.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HealthResponse.class)))
    @ApiResponse(responseCode = "503", content = @Content(schema = @Schema(implementation = UnavailableResponse.class)))
    public Mono<ResponseEntity<Object>> health() {
        return health.running().map(HealthView::of).collectList()
                .map(list -> ResponseEntity.ok((Object) new HealthResponse(true, list, StorageHealth.of(health.storage()))))
                .onErrorResume(StorageUnavailable::is, e -> Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, Integer.toString(StorageUnavailable.RETRY_AFTER_SECONDS))
                        .body(new UnavailableResponse(false, StorageUnavailable.MESSAGE, StorageHealth.of(health.storage().unreadable())))));
    }
}
