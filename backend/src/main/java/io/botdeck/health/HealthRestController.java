package io.botdeck.health;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.botdeck.config.Sql;
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

    public record HealthResponse(boolean success, List<HealthView> sessions) {
    }

    @PostMapping("/{id}/heartbeat")
    @Operation(summary = "A running bot reports that it is alive (every 10 s)")
    public Mono<HeartbeatResponse> heartbeat(@PathVariable String id) {
        return health.heartbeat(id).map(at -> new HeartbeatResponse(true, at.getEpochSecond()));
    }

    @GetMapping("/health")
    @Operation(summary = "Running sessions with stale detection (no heartbeat for more than 30 s)")
    public Mono<HealthResponse> health() {
        return health.running().map(HealthView::of).collectList().map(list -> new HealthResponse(true, list));
    }
}
