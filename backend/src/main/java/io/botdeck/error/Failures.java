package io.botdeck.error;

/**
 * What a failure is called where users read it (a session's {@code error}, its log): the message
 * of Botdeck's own checks, never a Java exception's message or class name, which say nothing to a
 * trader and can leak internals (SQL, paths). The exception itself goes to the server log.
 */
public final class Failures {

    private Failures() {
    }

    public static String reason(Throwable failure) {
        Throwable e = reactor.core.Exceptions.unwrap(failure);
        if (e instanceof InvalidInputException || e instanceof ConflictException || e instanceof NotFoundException) {
            return e.getMessage();
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null && thrownByBotdeck(e)) {
            return e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.startsWith("io.r2dbc.") || type.startsWith("org.springframework.dao.")
                    || type.startsWith("org.springframework.r2dbc.") || type.startsWith("io.asyncer.")) {
                return "its results could not be stored in the database (details in the server log)";
            }
        }
        return "an internal error stopped it (details in the server log)";
    }

    /** Whether Botdeck's own code threw it (its message is one of Botdeck's, not a library's). */
    private static boolean thrownByBotdeck(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.botdeck.");
    }
}
