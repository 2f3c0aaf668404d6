package dev.localipc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token never reaches a log: a whole session (good client, events, failures, and every kind of
 * refusal with the token inside bad frames) runs in a separate JVM logging at TRACE through
 * slf4j-simple; its complete output must contain neither the server's token nor the wrong token
 * a refused client sent, wherever the peer put them in hello and bad frames. (Text a peer chooses
 * as the message of an error it reports, or as the name of a notification nobody handles, is
 * logged as sent, for diagnosis: a peer that puts a secret there logs it by its own choice, so
 * those two are not part of the session, nor is an application handler that puts it in its own
 * exception; docs/RELIABILITY.md says so.)
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TokenNeverLoggedTest {
    @TempDir
    Path directory;

    @Test
    void neitherTheTokenNorAWrongOneAppearsInTheLogOfAFullSession() throws Exception {
        String token = "0123456789abcdef".repeat(4);
        String wrong = "fedcba9876543210".repeat(4);
        ChildJvm.Result session = ChildJvm.run(ChildJvm.command("trace", LoggedSessionMain.class,
                directory.resolve("run").toString(), token, wrong), 150);
        String log = session.output();
        assertEquals(0, session.exitCode(), log);
        assertTrue(log.contains("DONE"), log);
        // The log really was at TRACE and covered the refusals (so an empty log cannot pass).
        assertTrue(log.contains("refusing"), "expected the server's refusal lines in the log:\n" + log);
        assertTrue(log.contains("authentication failed"), log);
        assertTrue(log.lines().count() > 20, log);
        assertFalse(log.contains(token), "the server's token appears in the log:\n" + linesWith(log, token));
        assertFalse(log.contains(wrong), "a refused client's token appears in the log:\n" + linesWith(log, wrong));
        // Not even a long piece of it (a truncated copy would still leak most of the secret).
        for (int i = 0; i + 24 <= token.length(); i += 8) {
            assertFalse(log.contains(token.substring(i, i + 24)), "24 characters of the token appear in the log");
        }
        LongRun.report("token never logged", log.lines().count() + " log lines at TRACE, no token");
    }

    private static String linesWith(String log, String secret) {
        return String.join("\n", log.lines().filter(line -> line.contains(secret)).toList());
    }
}
