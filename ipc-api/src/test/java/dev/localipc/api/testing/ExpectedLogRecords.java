package dev.localipc.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The log records a module's tests provoke on purpose (a hostile peer's garbage, a handler that
 * throws to test -32603, a connection cut in the middle of a frame): listed in the test resource
 * {@value #RESOURCE}, one per line as {@code LEVEL LoggerSimpleName text the message contains},
 * with {@code #} comments naming the test that provokes it. {@link ExpectedLogProvider} keeps them
 * off the build's console and writes them, in full, to {@value #HIDDEN_FILE} instead, so nothing
 * is lost; every other record is printed as usual.
 *
 * <pre>{@code
 * # ProtocolConformanceSuite.invalidJsonIsAnswered32700AndTheConnectionStaysOpen
 * WARN Connection sent a frame that is refused
 * }</pre>
 *
 * <p>Immutable list; {@link #hide} is thread-safe.
 */
public final class ExpectedLogRecords {
    /** The test resource that lists them (every copy on the class path counts). */
    public static final String RESOURCE = "expected-log-records.txt";
    /** Where the hidden records go, relative to the test JVM's working directory (the module's). */
    public static final String HIDDEN_FILE = "target/expected-log-records.log";

    private final List<Expected> expected;
    private final Path hiddenFile;
    private PrintStream hidden;

    private record Expected(String level, String logger, String text) {
    }

    private ExpectedLogRecords(List<Expected> expected, Path hiddenFile) {
        this.expected = List.copyOf(expected);
        this.hiddenFile = hiddenFile;
    }

    /** The records listed by every {@value #RESOURCE} on the class path; hidden ones go to {@value #HIDDEN_FILE}. */
    public static ExpectedLogRecords fromClassPath() {
        List<Expected> all = new ArrayList<>();
        try {
            ClassLoader loader = ExpectedLogRecords.class.getClassLoader();
            Enumeration<URL> resources = loader.getResources(RESOURCE);
            for (URL resource : Collections.list(resources)) {
                try (InputStream in = resource.openStream()) {
                    all.addAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new ExpectedLogRecords(all, Path.of(HIDDEN_FILE));
    }

    /** The records listed in {@code text} (the format of {@value #RESOURCE}); hidden ones go to {@code hiddenFile}. */
    public static ExpectedLogRecords of(String text, Path hiddenFile) {
        return new ExpectedLogRecords(parse(text, "the given text"), hiddenFile);
    }

    private static List<Expected> parse(String text, String source) {
        List<Expected> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] parts = entry.split(" ", 3);
            if (parts.length < 3 || !List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(parts[0])) {
                throw new IllegalArgumentException(source + ": \"" + line + "\" is not \"LEVEL LoggerSimpleName text\"");
            }
            parsed.add(new Expected(parts[0], parts[1], parts[2]));
        }
        return parsed;
    }

    /** Whether a record of {@code level} from logger {@code name} with {@code message} is listed. */
    public boolean isExpected(String level, String name, String message) {
        String simpleName = name.substring(name.lastIndexOf('.') + 1);
        for (Expected entry : expected) {
            if (entry.level.equals(level.toUpperCase(Locale.ROOT)) && entry.logger.equals(simpleName)
                    && message != null && message.contains(entry.text)) {
                return true;
            }
        }
        return false;
    }

    /** Writes an expected record, and its stack trace, to the hidden file instead of the console. */
    public synchronized void hide(String level, String name, String message, Throwable thrown) {
        try {
            if (hidden == null) {
                Files.createDirectories(hiddenFile.toAbsolutePath().getParent());
                hidden = new PrintStream(Files.newOutputStream(hiddenFile), true, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hiddenFile, e);
        }
        hidden.println("[" + Thread.currentThread().getName() + "] " + level + " " + name + " - " + message);
        if (thrown != null) {
            thrown.printStackTrace(hidden);
        }
    }
}
