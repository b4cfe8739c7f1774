package io.botdeck.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The REST error envelope: {@code {"success": false, "error": "...", "fields": {...}}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorResponse(boolean success, String error, Map<String, String> fields) {

    public static ErrorResponse of(String error) {
        return new ErrorResponse(false, error, Map.of());
    }

    public static ErrorResponse of(String error, Map<String, String> fields) {
        return new ErrorResponse(false, error, fields);
    }

    @Override
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public boolean success() {
        return success;
    }
}
