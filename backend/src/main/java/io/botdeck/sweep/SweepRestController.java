package io.botdeck.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.botdeck.error.InvalidInputException;
import io.botdeck.sweep.SweepCommands.CreateSweep;
import io.botdeck.web.JsonInput;
import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The {@code /sweeps} routes: a thin adapter over {@link SweepService}. */
@RestController
@RequestMapping(path = "/sweeps", produces = "application/json")
@Tag(name = "Sweeps")
public class SweepRestController {

    private static final Set<String> CREATE_FIELDS = Set.of("name", "strategy", "market", "range_start", "range_end",
            "strategy_params", "grid");
    private static final Set<String> RANGE_FIELDS = Set.of("from", "to", "step");

    private final SweepService sweeps;

    public SweepRestController(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    public record SweepResponse(boolean success, SweepView sweep) {
    }

    public record SweepListResponse(boolean success, List<SweepView> sweeps, long total, int limit, int offset) {
    }

    public record DeletedResponse(boolean success, String id) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a sweep (a grid of backtests over one to three parameters); its cells start at once")
    public Mono<SweepResponse> create(@RequestBody JsonNode body) {
        return Mono.defer(() -> {
            JsonInput in = JsonInput.object(body, CREATE_FIELDS);
            CreateSweep cmd = new CreateSweep(in.string("name"), in.string("strategy"), in.string("market"),
                    in.wholeNumber("range_start"), in.wholeNumber("range_end"), in.object("strategy_params"),
                    grid(in.object("grid")));
            return sweeps.create(cmd).map(s -> new SweepResponse(true, SweepView.of(s)));
        });
    }

    /** {@code {"threshold": [0.3, 0.5], "position_size": {"from": 50, "to": 150, "step": 50}}}, in the order given. */
    private static List<SweepCommands.Axis> grid(JsonNode grid) {
        if (grid == null) {
            throw InvalidInputException.field("grid", "is required: one to three parameters, each a list of values or "
                    + "{\"from\", \"to\", \"step\"}");
        }
        List<SweepCommands.Axis> axes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : grid.properties()) {
            String field = "grid." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                axes.add(new SweepCommands.Axis(e.getKey(), v, null, null, null, field));
            } else if (v.isObject()) {
                List<String> unknown = new ArrayList<>();
                v.propertyNames().forEach(n -> {
                    if (!RANGE_FIELDS.contains(n)) {
                        unknown.add(n);
                    }
                });
                if (!unknown.isEmpty()) {
                    throw InvalidInputException.field(field, "unknown field" + (unknown.size() > 1 ? "s " : " ")
                            + String.join(", ", unknown) + "; a range has from, to and step");
                }
                axes.add(new SweepCommands.Axis(e.getKey(), null, decimal(v, "from", field), decimal(v, "to", field),
                        decimal(v, "step", field), field));
            } else {
                throw InvalidInputException.field(field, "must be a list of values or {\"from\", \"to\", \"step\"}");
            }
        }
        return axes;
    }

    private static BigDecimal decimal(JsonNode range, String name, String field) {
        JsonNode v = range.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw InvalidInputException.field(field + "." + name, "must be a number, not " + v);
        }
        return v.decimalValue();
    }

    @GetMapping
    @Operation(summary = "List sweeps, newest first")
    public Mono<SweepListResponse> list(
            @Parameter(description = "page size, default 50, at most 200") @RequestParam(required = false) String limit,
            @Parameter(description = "rows to skip, default 0") @RequestParam(required = false) String offset) {
        return Mono.defer(() -> sweeps.list(
                        QueryParams.size("limit", limit, SweepService.DEFAULT_LIMIT, 1, SweepService.MAX_LIMIT),
                        QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE))
                .map(page -> new SweepListResponse(true, page.items().stream().map(SweepView::of).toList(), page.total(),
                        page.limit(), page.offset())));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a sweep with its cells (in grid order)")
    public Mono<SweepResponse> get(@PathVariable String id) {
        return sweeps.get(id).flatMap(s -> sweeps.cells(s.id()).collectList()
                .map(cells -> new SweepResponse(true, SweepView.of(s, cells))));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a running sweep: running cells stop, queued cells never run")
    public Mono<SweepResponse> cancel(@PathVariable String id) {
        return sweeps.cancel(id).map(s -> new SweepResponse(true, SweepView.of(s)));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume an interrupted sweep: only cells that did not complete run")
    public Mono<SweepResponse> resume(@PathVariable String id) {
        return sweeps.resume(id).map(s -> new SweepResponse(true, SweepView.of(s)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a sweep that is not running, with its cells and their sessions")
    public Mono<DeletedResponse> delete(@PathVariable String id) {
        return sweeps.delete(id).thenReturn(new DeletedResponse(true, id));
    }
}
