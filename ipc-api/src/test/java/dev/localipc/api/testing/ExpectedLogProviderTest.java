package dev.localipc.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The test JVMs' SLF4J provider hides exactly the listed records, keeps them in a file, and prints the rest. */
class ExpectedLogProviderTest {
    @TempDir
    Path temp;

    @Test
    void listedRecordsGoToTheFileAndOthersToStandardError() throws Exception {
        Path hidden = temp.resolve("target/expected-log-records.log");
        ExpectedLogProvider provider = new ExpectedLogProvider(ExpectedLogRecords.of(
                "# a comment\n\nWARN Link sent a frame that is not JSON\nERROR Link the handler of fail\n", hidden));
        provider.initialize();
        Logger link = provider.getLoggerFactory().getLogger("dev.example.Link");
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));   // slf4j-simple writes to System.err
        try {
            link.warn("client {} sent a frame that is not JSON ({}): answering -32700", "a3f7", "line 1");
            link.error("the handler of fail from {} failed", "a3f7", new IllegalStateException("on purpose"));
            link.warn("client {} sent a frame that is not JSON", "b");      // listed: hidden too
            link.warn("something nobody expected: {}", 42);
            link.info("sent a frame that is not JSON");                    // another level: not listed, and below warn
            provider.getLoggerFactory().getLogger("dev.example.Other").warn("sent a frame that is not JSON");
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("WARN dev.example.Link - something nobody expected: 42"), printed);
        assertTrue(printed.contains("WARN dev.example.Other - sent a frame that is not JSON"), "another logger: " + printed);
        assertFalse(printed.contains("a3f7") || printed.contains("on purpose"), printed);
        assertEquals(2, printed.lines().count(), printed);

        String file = Files.readString(hidden);
        assertTrue(file.contains("] WARN dev.example.Link - client a3f7 sent a frame that is not JSON (line 1): answering"
                + " -32700\n"), file);
        assertTrue(file.contains("] ERROR dev.example.Link - the handler of fail from a3f7 failed\n"
                + "java.lang.IllegalStateException: on purpose\n\tat "), "with its stack trace: " + file);
        assertTrue(file.contains("] WARN dev.example.Link - client b sent a frame that is not JSON\n"), file);
        assertFalse(file.contains("nobody expected"), file);
    }

    @Test
    void aMalformedLineIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ExpectedLogRecords.of("LOUD RpcLink text", temp.resolve("x.log")));
        assertEquals("the given text: \"LOUD RpcLink text\" is not \"LEVEL LoggerSimpleName text\"", refused.getMessage());
    }
}
