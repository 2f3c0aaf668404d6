package dev.localipc.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.localipc.examples.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one-command demo runs end to end and leaves nothing behind. */
class DemoTest {

    @Test
    void theDemoRunsEndToEndAndLeavesNoFiles() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = demoDirectories(tmp);
        StringWriter text = new StringWriter();
        int exit = new Demo(new PrintWriter(text, true), 150).run();
        String out = text.toString();
        assertEquals(ExitCodes.OK, exit, out);
        for (String expected : List.of(
                "1. Made a private runtime directory ",
                "event TaskCompleted ",
                "   PAUSE answered: PAUSED at step ",
                "   error 1001: cannot PAUSE: the workflow is PAUSED; RESUME it to continue",
                "   The workflow completed.",
                "   error -32001: ",
                "   orchestrator: socket removed, token file removed",
                "   tasks: socket removed, token file removed",
                " Nothing was left behind.")) {
            assertTrue(out.contains(expected), "missing \"" + expected + "\" in:\n" + out);
        }
        assertEquals(before, demoDirectories(tmp), "the demo deletes its temporary directories");
    }

    private static List<Path> demoDirectories(Path tmp) throws Exception {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("localipc-demo-")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
