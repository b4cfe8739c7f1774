package io.botdeck.sweep;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.botdeck.error.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep's grid: one to three parameters, each a list of distinct values or {@code from}, {@code to}
 * and {@code step} (exact decimal steps, {@code to} included when a whole number of steps away),
 * expanded into cells in grid order (the first parameter changes slowest). Checks the shape only;
 * whether each value is valid for the strategy is checked by the service against its schema.
 */
final class SweepGrid {

    static final int MAX_PARAMETERS = 3;
    static final int MAX_CELLS = 10_000;

    private SweepGrid() {
    }

    /** The axes with their values, in the order given; 400 naming the field for any shape problem. */
    static List<Sweep.Axis> expand(List<SweepCommands.Axis> grid) {
        if (grid == null || grid.isEmpty()) {
            throw InvalidInputException.field("grid", "must sweep one to three parameters; none given");
        }
        if (grid.size() > MAX_PARAMETERS) {
            throw InvalidInputException.field("grid", "must sweep one to three parameters; " + grid.size() + " given");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Sweep.Axis> axes = new ArrayList<>();
        long cells = 1;
        for (SweepCommands.Axis in : grid) {
            if (in.parameter() == null || in.parameter().isBlank()) {
                throw InvalidInputException.field(in.field(), "needs a parameter name");
            }
            if (!seen.add(in.parameter())) {
                throw InvalidInputException.field(in.field(), "parameter " + in.parameter() + " is swept twice");
            }
            List<JsonNode> values = in.values() != null ? listed(in) : stepped(in);
            axes.add(new Sweep.Axis(in.parameter(), List.copyOf(values)));
            cells *= values.size();
            if (cells > MAX_CELLS) {
                break;
            }
        }
        if (cells > MAX_CELLS) {
            long total = 1;
            for (SweepCommands.Axis in : grid) {
                total = saturatedTimes(total, count(in));
            }
            throw InvalidInputException.field("grid", "makes " + (total == Long.MAX_VALUE ? "too many" : String.valueOf(total))
                    + " cells; a sweep holds at most " + MAX_CELLS);
        }
        return List.copyOf(axes);
    }

    private static long saturatedTimes(long a, long b) {
        long r = a * b;
        return b != 0 && (r / b != a || r < 0) ? Long.MAX_VALUE : r;
    }

    /** How many values an axis has, without expanding it (for the message of a grid that is too large). */
    private static long count(SweepCommands.Axis in) {
        if (in.values() != null) {
            return in.values().isArray() ? in.values().size() : 1;
        }
        try {
            return rangeCount(in);
        } catch (InvalidInputException e) {
            return 1;
        }
    }

    private static List<JsonNode> listed(SweepCommands.Axis in) {
        JsonNode list = in.values();
        if (in.from() != null || in.to() != null || in.step() != null) {
            throw InvalidInputException.field(in.field(), "give a list of values or from, to and step, not both");
        }
        if (!list.isArray()) {
            throw InvalidInputException.field(in.field(), "must be a list of values or {\"from\", \"to\", \"step\"}");
        }
        if (list.isEmpty()) {
            throw InvalidInputException.field(in.field(), "needs at least one value");
        }
        if (list.size() > MAX_CELLS) {
            throw InvalidInputException.field("grid", "makes more than " + MAX_CELLS + " cells; a sweep holds at most " + MAX_CELLS);
        }
        List<JsonNode> values = new ArrayList<>();
        Map<Object, JsonNode> distinct = new LinkedHashMap<>();
        for (JsonNode v : list) {
            if (v == null || v.isNull()) {
                throw InvalidInputException.field(in.field(), "values must not be null");
            }
            if (v.isContainer()) {
                throw InvalidInputException.field(in.field(), "values must be numbers, strings or booleans, not " + v);
            }
            Object key = v.isNumber() ? (Object) v.decimalValue().stripTrailingZeros() : v;
            if (distinct.putIfAbsent(key, v) != null) {
                throw InvalidInputException.field(in.field(), v + " is listed twice");
            }
            values.add(v);
        }
        return values;
    }

    private static long rangeCount(SweepCommands.Axis in) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (in.from() == null) {
            missing.put(in.field() + ".from", "is required with to and step");
        }
        if (in.to() == null) {
            missing.put(in.field() + ".to", "is required with from and step");
        }
        if (in.step() == null) {
            missing.put(in.field() + ".step", "is required with from and to");
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException(in.field() + ": give a list of values or from, to and step; missing "
                    + String.join(", ", missing.keySet()), missing);
        }
        if (in.step().signum() <= 0) {
            throw InvalidInputException.field(in.field() + ".step", "must be greater than 0");
        }
        if (in.from().compareTo(in.to()) > 0) {
            throw InvalidInputException.field(in.field() + ".to", "must not be below from");
        }
        BigDecimal steps = in.to().subtract(in.from()).divide(in.step(), 0, RoundingMode.FLOOR);
        if (steps.compareTo(BigDecimal.valueOf(MAX_CELLS)) >= 0) {
            return Long.MAX_VALUE;
        }
        return steps.longValueExact() + 1;
    }

    private static List<JsonNode> stepped(SweepCommands.Axis in) {
        long n = rangeCount(in);
        if (n > MAX_CELLS) {
            throw InvalidInputException.field("grid", "makes more than " + MAX_CELLS + " cells (" + in.parameter()
                    + " alone has more values); a sweep holds at most " + MAX_CELLS);
        }
        List<JsonNode> values = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            values.add(number(in.from().add(in.step().multiply(BigDecimal.valueOf(i)))));
        }
        return values;
    }

    /** A whole number as an integer node (so an integer parameter takes it), any other as an exact decimal. */
    static JsonNode number(BigDecimal v) {
        BigDecimal plain = v.stripTrailingZeros();
        if (plain.scale() <= 0) {
            return JsonNodeFactory.instance.numberNode(plain.toBigIntegerExact());
        }
        return JsonNodeFactory.instance.numberNode(plain);
    }

    /** The cells' coordinates in grid order: index = ((i0 × n1) + i1) × n2 + i2. */
    static List<ObjectNode> cells(List<Sweep.Axis> axes) {
        int total = 1;
        for (Sweep.Axis a : axes) {
            total *= a.values().size();
        }
        List<ObjectNode> cells = new ArrayList<>(total);
        for (int idx = 0; idx < total; idx++) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            int[] coords = coordinates(axes, idx);
            for (int k = 0; k < axes.size(); k++) {
                params.set(axes.get(k).parameter(), axes.get(k).values().get(coords[k]));
            }
            cells.add(params);
        }
        return cells;
    }

    /** Position of the cell {@code idx} on each axis. */
    static int[] coordinates(List<Sweep.Axis> axes, int idx) {
        int[] coords = new int[axes.size()];
        int rest = idx;
        for (int k = axes.size() - 1; k >= 0; k--) {
            int n = axes.get(k).values().size();
            coords[k] = rest % n;
            rest /= n;
        }
        return coords;
    }

    /** The cell index of these positions. */
    static int index(List<Sweep.Axis> axes, int[] coords) {
        int idx = 0;
        for (int k = 0; k < axes.size(); k++) {
            idx = idx * axes.get(k).values().size() + coords[k];
        }
        return idx;
    }
}
