package io.botdeck.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.botdeck.error.InvalidInputException;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON request body with messages that name the field and what was expected.
 * Unknown fields are refused so that a typo is never silently ignored.
 */
public final class JsonInput {

    private final JsonNode body;
    /** Prefix of field names in messages ({@code scope.} for a nested object); empty at the top. */
    private final String prefix;

    private JsonInput(JsonNode body) {
        this(body, "");
    }

    private JsonInput(JsonNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    /** The body must be a JSON object whose fields are all in {@code allowed}. */
    public static JsonInput object(JsonNode body, Set<String> allowed) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new InvalidInputException("request body must be a JSON object");
        }
        if (!body.isObject()) {
            throw new InvalidInputException("request body must be a JSON object, not " + describe(body));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
        }
        return new JsonInput(body);
    }

    /** An empty body is fine: it reads as an empty object. */
    public static JsonInput optionalObject(JsonNode body, Set<String> allowed) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new JsonInput(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return object(body, allowed);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    /** The field's value; JSON null reads as absent. */
    private JsonNode get(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** A string field; null when absent or JSON null. */
    public String string(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw InvalidInputException.field(prefix + field, "must be a string, not " + describe(value));
        }
        String problem = TextRules.problem(value.stringValue());
        if (problem != null) {
            throw InvalidInputException.field(prefix + field, problem);
        }
        return value.stringValue();
    }

    /** Like {@link #string} but JSON null reads as {@code nullAs}. */
    public String string(String field, String nullAs) {
        JsonNode value = body.get(field);
        if (value != null && value.isNull()) {
            return nullAs;
        }
        return string(field);
    }

    /** A whole number (unix seconds and the like); null when absent or JSON null. */
    public Long wholeNumber(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw InvalidInputException.field(prefix + field, "must be a whole number, not " + describe(value));
        }
        return value.longValue();
    }

    /** A JSON object; null when absent or JSON null. */
    public JsonNode object(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw InvalidInputException.field(prefix + field, "must be a JSON object, not " + describe(value));
        }
        Map<String, String> problems = JsonValues.problems(value, field);
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new InvalidInputException(first.getKey() + ": " + first.getValue(), problems);
        }
        return value;
    }

    static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isString()) {
            String text = value.stringValue();
            return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.isBoolean()) {
            return value.toString();
        }
        return value.isArray() ? "an array" : "an object";
    }

    /** A nested JSON object read like a body (unknown fields refused); null when absent or JSON null. */
    public JsonInput nested(String field, Set<String> allowed) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw InvalidInputException.field(prefix + field, "must be a JSON object, not " + describe(value));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : value.propertyNames()) {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw InvalidInputException.field(prefix + field, "unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
        }
        return new JsonInput(value, prefix + field + ".");
    }

    /** An exact decimal number; null when absent or JSON null. */
    public java.math.BigDecimal decimal(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw InvalidInputException.field(prefix + field, "must be a number, not " + describe(value));
        }
        java.math.BigDecimal d = value.decimalValue();
        if (d.abs().compareTo(new java.math.BigDecimal("1e15")) > 0) {
            throw InvalidInputException.field(prefix + field, "is out of range");
        }
        return d;
    }

    /** true or false; null when absent or JSON null. */
    public Boolean bool(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw InvalidInputException.field(prefix + field, "must be true or false, not " + describe(value));
        }
        return value.booleanValue();
    }

    /** A list of strings; null when absent or JSON null. */
    public List<String> strings(String field, int max) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw InvalidInputException.field(prefix + field, "must be an array of strings, not " + describe(value));
        }
        if (value.size() > max) {
            throw InvalidInputException.field(prefix + field, "at most " + max + " entries");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw InvalidInputException.field(prefix + field, "must hold only strings, not " + describe(item));
            }
            String problem = TextRules.problem(item.stringValue());
            if (problem != null) {
                throw InvalidInputException.field(prefix + field, problem);
            }
            out.add(item.stringValue());
        }
        return out;
    }

    /** A string, or a whole number read as its digits (ids that some APIs give as numbers); null when absent. */
    public String stringOrNumber(String field) {
        JsonNode value = get(field);
        if (value != null && value.isIntegralNumber()) {
            return value.asString();
        }
        return string(field);
    }
}
