package io.botdeck.web;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Values no JSON input may hold, wherever they sit in it: strings (and keys) with NUL characters
 * or unpaired surrogates ({@link TextRules}), and numbers that fit no whole-number type
 * ({@code 1e19}, {@code 9223372036854775808}, {@code ±1e308}): they are refused with the field's
 * path before anything reads them, so no conversion deep inside can fail with a 500.
 */
public final class JsonValues {

    /** 2^63: the first magnitude a {@code long} cannot hold. */
    private static final BigDecimal LONG_RANGE = new BigDecimal("9223372036854775808");

    private JsonValues() {
    }

    /** Problems per path ({@code strategy_params.position_size}); empty when there are none. */
    public static Map<String, String> problems(JsonNode value, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(value, path, out, 0);
        return out;
    }

    private static void walk(JsonNode value, String path, Map<String, String> out, int depth) {
        if (value == null || out.size() >= 10) {
            return;
        }
        if (depth > 50) {
            out.put(path, "nests too deeply");
        } else if (value.isString()) {
            String problem = TextRules.problem(value.stringValue());
            if (problem != null) {
                out.put(path, problem);
            }
        } else if (value.isNumber()) {
            if (!fits(value)) {
                out.put(path, "the number " + abbreviate(value.toString()) + " is out of range");
            }
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String problem = TextRules.problem(e.getKey());
                if (problem != null) {
                    out.put(path, "a field name " + problem);
                } else {
                    walk(e.getValue(), path + "." + e.getKey(), out, depth + 1);
                }
            }
        } else if (value.isArray()) {
            int i = 0;
            for (JsonNode item : value) {
                walk(item, path + "[" + i++ + "]", out, depth + 1);
            }
        }
    }

    /** Whether the number is finite and smaller in magnitude than 2^63. */
    static boolean fits(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.canConvertToLong();
        }
        if (number.isDouble() || number.isFloat()) {
            double d = number.doubleValue();
            return Double.isFinite(d) && Math.abs(d) < 9.223372036854775807E18;
        }
        BigDecimal d = number.decimalValue();
        return d.abs().compareTo(LONG_RANGE) < 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }
}
