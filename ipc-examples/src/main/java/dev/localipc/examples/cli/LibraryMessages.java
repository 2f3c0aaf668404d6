package dev.localipc.examples.cli;

/**
 * The facts of a library exception's message without the library's advice. The library speaks
 * to Java callers ("set ConnectOptions.expectedServerUid", "choose another endpoint name"); the
 * command line says what to do in its own terms (an option, a command), so it keeps the facts
 * and adds its own advice instead of printing two.
 *
 * <pre>{@code
 * String facts = LibraryMessages.facts(inUse.getMessage(), ": stop it");
 * // "/run/user/1000/localipc/orchestrator.sock is in use by a running server (pid 42, uid 1000)"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class LibraryMessages {
    private LibraryMessages() {
    }

    /**
     * The part of {@code message} before the first of {@code adviceMarkers} it contains (the
     * start of the library's advice), or the whole message when it contains none.
     */
    static String facts(String message, String... adviceMarkers) {
        if (message == null) {
            return "";
        }
        int end = message.length();
        for (String marker : adviceMarkers) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return message.substring(0, end);
    }
}
