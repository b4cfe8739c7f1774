package io.botdeck.alert;

/**
 * What a channel answered to one message.
 *
 * @param accepted the channel took the message
 * @param status   the HTTP status, or 0 when there was no answer (refused, timed out)
 * @param answer   the start of the channel's answer, or what went wrong
 */
public record Delivery(boolean accepted, int status, String answer) {

    /** For the outbox and the API: "HTTP 500: ...", or the reason there was no answer. */
    public String describe() {
        String text = status == 0 ? answer : "HTTP " + status + (answer == null || answer.isBlank() ? "" : ": " + answer);
        return text.length() > 1000 ? text.substring(0, 999) + "…" : text;
    }
}
