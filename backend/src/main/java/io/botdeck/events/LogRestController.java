package io.botdeck.events;

import java.util.List;
import java.util.Map;

import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /sessions/:id/logs}: the bot's output, from its log file. */
@RestController
@Tag(name = "Session data")
public class LogRestController {

    private final LogService logs;

    public LogRestController(LogService logs) {
        this.logs = logs;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogsResponse(boolean success, String sessionId, List<Map<String, Object>> logs, long lastSeq) {
    }

    @GetMapping(path = "/sessions/{id}/logs", produces = "application/json")
    @Operation(summary = "Bot output: the last N lines, or the lines after a sequence number, optionally by level")
    public Mono<LogsResponse> logs(@PathVariable String id,
                                   @Parameter(description = "number of lines, default 200, at most 10000") @RequestParam(required = false) String tail,
                                   @Parameter(description = "only lines with a greater sequence number") @RequestParam(required = false) String since,
                                   @Parameter(description = "comma-separated: info, warn, error, trade, heartbeat") @RequestParam(required = false) String level) {
        return Mono.defer(() -> {
            int n = QueryParams.size("tail", tail, 200, 1, LogService.MAX_TAIL);
            Long after = since == null || since.isBlank() ? null : QueryParams.wholeNumber("since", since, 0, 0, Long.MAX_VALUE);
            var levels = LogLevels.parse("level", level);
            return logs.read(id, after, n, levels).map(lines -> new LogsResponse(true, id,
                    lines.stream().map(LogMessages::of).toList(), logs.lastSeq(id)));
        });
    }

}
