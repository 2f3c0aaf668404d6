package dev.localipc.transport.windows;

import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * Whether this JVM runs on Wine rather than on Windows: Wine's ntdll exports
 * {@code wine_get_version}, Windows' does not. Tests that cannot pass under Wine for a reason of
 * Wine's are disabled there with {@code @DisabledIf(value = UnderWine.CHECK, disabledReason = "...")},
 * the reason saying what Wine lacks; they still run on Windows.
 *
 * <pre>{@code
 * @Test
 * @DisabledIf(value = UnderWine.CHECK, disabledReason = "Wine 8 ignores FILE_FLAG_FIRST_PIPE_INSTANCE")
 * void theFlagRefusesASecondCreation() { ... }
 * }</pre>
 *
 * <p>Thread-safe; the answer is computed once.
 */
public final class UnderWine {
    /** The condition to name in {@code @DisabledIf}. */
    public static final String CHECK = "dev.localipc.transport.windows.UnderWine#running";

    private static final Optional<String> VERSION = detect();

    private UnderWine() {
    }

    /** True on Wine. */
    public static boolean running() {
        return VERSION.isPresent();
    }

    /** Wine's version ("8.0"), if this is Wine. */
    public static Optional<String> version() {
        return VERSION;
    }

    private static Optional<String> detect() {
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            return Optional.empty();
        }
        NativeLibrary ntdll = NativeLibrary.getInstance("ntdll");
        try {
            return Optional.of(ntdll.getFunction("wine_get_version").invokeString(new Object[0], false));
        } catch (UnsatisfiedLinkError notWine) {
            return Optional.empty(); // Windows' ntdll has no such export
        }
    }
}
