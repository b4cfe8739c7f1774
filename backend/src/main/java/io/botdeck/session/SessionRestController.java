package io.botdeck.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.botdeck.core.SessionType;
import io.botdeck.error.InvalidInputException;
import io.botdeck.session.SessionCommands.CloneSession;
import io.botdeck.session.SessionCommands.CreateSession;
import io.botdeck.session.SessionCommands.UpdateSession;
import io.botdeck.web.JsonInput;
import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The plan's {@code /sessions} routes (CRUD and lifecycle): a thin adapter over {@link SessionService}. */
@RestController
@RequestMapping(path = "/sessions", produces = "application/json")
@Tag(name = "Sessions")
public class SessionRestController {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "type", "market", "exchange", "strategy",
            "strategy_params", "range_start", "range_end", "notes", "lean_log");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "notes", "market", "strategy_params",
            "range_start", "range_end");

    private final SessionService sessions;

    public SessionRestController(SessionService sessions) {
        this.sessions = sessions;
    }

    /** {@code total_is_lower_bound}: {@code total} is where counting stopped (search or time bounds); more match. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SessionListResponse(boolean success, List<SessionView> sessions, long total, int limit, int offset,
                                      boolean totalIsLowerBound) {
    }

    public record SessionResponse(boolean success, SessionView session) {
    }

    public record DeletedResponse(boolean success, String id) {
    }

    @GetMapping
    @Operation(summary = "List sessions with filters, sorting and paging")
    public Mono<SessionListResponse> list(
            @Parameter(description = "comma-separated: created, running, stopped, completed, failed")
            @RequestParam(required = false) String status,
            @Parameter(description = "comma-separated: test, backtest, scraper")
            @RequestParam(required = false) String type,
            @Parameter(description = "comma-separated market symbols")
            @RequestParam(required = false) String market,
            @Parameter(description = "text to find in name, strategy, market or notes")
            @RequestParam(required = false) String search,
            @Parameter(description = "page size, default 50, at most 200") @RequestParam(required = false) String limit,
            @Parameter(description = "rows to skip, default 0") @RequestParam(required = false) String offset,
            @Parameter(description = "field:direction, e.g. created_at:desc") @RequestParam(required = false) String sort,
            @Parameter(description = "only sessions created at or after this time, unix seconds")
            @RequestParam(name = "created_after", required = false) String createdAfter,
            @Parameter(description = "only sessions created before this time, unix seconds")
            @RequestParam(name = "created_before", required = false) String createdBefore,
            @Parameter(description = "only sessions that stopped at or after this time, unix seconds")
            @RequestParam(name = "stopped_after", required = false) String stoppedAfter,
            @Parameter(description = "only sessions that stopped before this time, unix seconds")
            @RequestParam(name = "stopped_before", required = false) String stoppedBefore,
            @Parameter(description = "sweep cells: include (the default), exclude or only")
            @RequestParam(name = "sweep_cells", required = false) String sweepCells,
            @Parameter(description = "only the cells of this sweep (its id)")
            @RequestParam(name = "sweep_id", required = false) String sweepId) {
        return Mono.defer(() -> {
            SessionQuery query = new SessionQuery(
                    csv(status, v -> SessionStatus.parse("status", v)),
                    csv(type, v -> type("type", v)),
                    csv(market, Function.identity()),
                    search,
                    QueryParams.size("limit", limit, SessionQuery.DEFAULT_LIMIT, 1, SessionQuery.MAX_LIMIT),
                    QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE),
                    SessionSort.parse(sort),
                    unixSeconds("created_after", createdAfter),
                    unixSeconds("created_before", createdBefore),
                    unixSeconds("stopped_after", stoppedAfter),
                    unixSeconds("stopped_before", stoppedBefore),
                    SweepCells.parse("sweep_cells", sweepCells),
                    sweepId(sweepId));
            return sessions.list(query).map(page -> new SessionListResponse(true,
                    page.items().stream().map(SessionView::of).toList(), page.total(), page.limit(), page.offset(),
                    page.totalIsLowerBound()));
        });
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a session (status created)")
    public Mono<SessionResponse> create(@RequestBody JsonNode body) {
        return Mono.defer(() -> {
            JsonInput in = JsonInput.object(body, CREATE_FIELDS);
            String type = in.string("type");
            CreateSession cmd = new CreateSession(
                    in.string("name"),
                    type == null ? null : type("type", type),
                    in.string("market"),
                    in.string("exchange"),
                    in.string("strategy"),
                    in.object("strategy_params"),
                    in.wholeNumber("range_start"),
                    in.wholeNumber("range_end"),
                    in.string("notes", null),
                    in.bool("lean_log"));
            return sessions.create(cmd).map(SessionRestController::one);
        });
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a session")
    public Mono<SessionResponse> get(@PathVariable String id) {
        return sessions.get(id).map(SessionRestController::one);
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Change name and notes; while created also market, strategy_params and range")
    public Mono<SessionResponse> update(@PathVariable String id, @RequestBody JsonNode body) {
        return Mono.defer(() -> {
            JsonInput in = JsonInput.object(body, UPDATE_FIELDS);
            UpdateSession cmd = new UpdateSession(in.string("name"), in.string("notes", ""), in.string("market"),
                    in.object("strategy_params"), in.wholeNumber("range_start"), in.wholeNumber("range_end"));
            return sessions.update(id, cmd).map(SessionRestController::one);
        });
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a session that is not running, with its events and trades")
    public Mono<DeletedResponse> delete(@PathVariable String id) {
        return sessions.delete(id).thenReturn(new DeletedResponse(true, id));
    }

    @PostMapping("/{id}/start")
    @Operation(summary = "Start a created session")
    public Mono<SessionResponse> start(@PathVariable String id) {
        return sessions.start(id).map(SessionRestController::one);
    }

    @PostMapping("/{id}/stop")
    @Operation(summary = "Stop a running session")
    public Mono<SessionResponse> stop(@PathVariable String id) {
        return sessions.stop(id).map(SessionRestController::one);
    }

    @PostMapping("/{id}/restart")
    @Operation(summary = "Run a stopped, failed or stale session again")
    public Mono<SessionResponse> restart(@PathVariable String id) {
        return sessions.restart(id).map(SessionRestController::one);
    }

    @PostMapping("/{id}/clone")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Copy a session's configuration into a new created session, with optional overrides")
    public Mono<SessionResponse> cloneSession(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return Mono.defer(() -> {
            JsonInput in = JsonInput.optionalObject(body, UPDATE_FIELDS);
            CloneSession cmd = new CloneSession(in.string("name"), in.string("notes", ""), in.string("market"),
                    in.object("strategy_params"), in.wholeNumber("range_start"), in.wholeNumber("range_end"));
            return sessions.cloneSession(id, cmd).map(SessionRestController::one);
        });
    }

    @PostMapping("/{id}/verify")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Re-run a completed backtest as a new session (full log) and check that its trades hash matches")
    public Mono<SessionResponse> verify(@PathVariable String id) {
        return sessions.verify(id).map(SessionRestController::one);
    }

    /** A session type in any letter case, or a 400 on {@code field} listing the allowed values. */
    private static SessionType type(String field, String value) {
        SessionType type = SessionType.named(value);
        if (type == null) {
            throw InvalidInputException.field(field, "unknown type '" + value + "'; expected one of " + SessionType.allowed());
        }
        return type;
    }

    private static SessionResponse one(Session s) {
        return new SessionResponse(true, SessionView.of(s));
    }

    /** A sweep id filter: absent or blank is none; anything but a canonical id is a 400. */
    private static String sweepId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!SessionIds.isCanonical(value)) {
            throw InvalidInputException.field("sweep_id", "must be a sweep id (a lower-case UUID)");
        }
        return value;
    }

    /** The latest instant a time filter takes: the end of year 9999. */
    static final long MAX_UNIX_SECONDS = 253_402_300_799L;

    /** A time filter in unix seconds; absent or blank means no bound. */
    private static Instant unixSeconds(String field, String value) {
        long seconds = QueryParams.wholeNumber(field, value, -1L, 0L, MAX_UNIX_SECONDS);
        return seconds < 0 ? null : Instant.ofEpochSecond(seconds);
    }

    private static <T> List<T> csv(String value, Function<String, T> parse) {
        List<T> values = new ArrayList<>();
        if (value != null) {
            Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(parse).forEach(values::add);
        }
        return values;
    }

}
