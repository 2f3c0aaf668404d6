package dev.localipc.api.testing;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the test JVMs: slf4j-simple (configured as usual by
 * simplelogger.properties and {@code -Dorg.slf4j.simpleLogger.*}), minus the records that the
 * module's tests provoke on purpose, listed in {@link ExpectedLogRecords#RESOURCE}. Those go to
 * {@link ExpectedLogRecords#HIDDEN_FILE}, so a passing build does not print hundreds of warnings
 * and stack traces that say nothing, while an unexpected warning still shows.
 *
 * <p>Chosen with {@code -Dslf4j.provider=dev.localipc.api.testing.ExpectedLogProvider} (the root
 * pom sets it for surefire); it is not registered as a service, so JVMs that tests start see plain
 * slf4j-simple.
 *
 * <pre>{@code
 * <systemPropertyVariables>
 *   <slf4j.provider>dev.localipc.api.testing.ExpectedLogProvider</slf4j.provider>
 * </systemPropertyVariables>
 * }</pre>
 *
 * <p>Thread-safe, like the slf4j-simple loggers it wraps.
 */
public final class ExpectedLogProvider implements SLF4JServiceProvider {
    private final SimpleServiceProvider simple = new SimpleServiceProvider();
    private final ExpectedLogRecords expected;
    private volatile ILoggerFactory factory;

    /** The provider SLF4J instantiates: the expected records come from the class path. */
    public ExpectedLogProvider() {
        this(ExpectedLogRecords.fromClassPath());
    }

    /** A provider with these expected records (for tests of the provider itself). */
    public ExpectedLogProvider(ExpectedLogRecords expected) {
        this.expected = expected;
    }

    @Override
    public void initialize() {
        simple.initialize();
        ILoggerFactory inner = simple.getLoggerFactory();
        factory = name -> new Filtering(inner.getLogger(name), expected);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return simple.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return simple.getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return simple.getRequestedApiVersion();
    }

    /** A slf4j-simple logger that hides the expected records. */
    private static final class Filtering extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        private final transient Logger delegate;
        private final transient ExpectedLogRecords expected;

        Filtering(Logger delegate, ExpectedLogRecords expected) {
            this.delegate = delegate;
            this.expected = expected;
            this.name = delegate.getName();
        }

        @Override
        public boolean isTraceEnabled() {
            return delegate.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate.isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable thrown) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (expected.isExpected(level.name(), name, message)) {
                expected.hide(level.name(), name, message, thrown);
                return;
            }
            // The message is already formatted: passed with a Throwable (or alone), it is not a pattern again.
            switch (level) {
                case ERROR -> delegate.error(message, thrown);
                case WARN -> delegate.warn(message, thrown);
                case INFO -> delegate.info(message, thrown);
                case DEBUG -> delegate.debug(message, thrown);
                default -> delegate.trace(message, thrown);
            }
        }
    }
}
