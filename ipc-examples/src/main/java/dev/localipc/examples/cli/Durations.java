package dev.localipc.examples.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 500ms}, {@code 10s}, {@code 2m}, or a plain number of
 * seconds, more than zero and at most 30 days (every duration option is a timeout); also the
 * picocli converter for {@link Duration} options.
 *
 * <pre>{@code
 * @Option(names = "--timeout", converter = Durations.class, defaultValue = "10s") Duration timeout;
 * }</pre>
 */
public final class Durations implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");
    private static final Duration MAX = Duration.ofDays(30);

    @Override
    public Duration convert(String value) {
        Matcher matcher = FORMAT.matcher(value.trim());
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration: use for example 500ms, 10s, 2m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration;
        switch (unit) {
            case "ms":
                duration = Duration.ofMillis(amount);
                break;
            case "m":
                duration = Duration.ofMinutes(amount);
                break;
            case "h":
                duration = Duration.ofHours(amount);
                break;
            default:
                duration = Duration.ofSeconds(amount);
                break;
        }
        // Every duration option is a timeout: zero would fail at once, and more than 30 days is a typo.
        if (duration.isZero()) {
            throw new TypeConversionException("'" + value + "' is zero: a timeout must be longer, for example 500ms or 10s");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + value + "' is too long: use at most 720h (30 days)");
        }
        return duration;
    }

    /** {@code 1500 ms} as "1.5s", {@code 200 ms} as "200ms". */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis / 1000.0 + "s";
    }
}
