package dev.localipc.consumertests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Maven lines of docs/GETTING-STARTED.md ("Add localipc to your build") are the ones the
 * consumer project of src/it/consumer builds and runs with: same BOM import, same dependencies,
 * and the SLF4J version the library is built with. Only the BOM's version may differ (the page
 * shows the release users should take).
 */
class GettingStartedBuildTest {
    @TempDir
    Path temp;

    @Test
    void theMavenSnippetIsWhatTheConsumerBuildUses() throws IOException {
        String page = Files.readString(Reactor.root().resolve("docs/GETTING-STARTED.md"));
        String snippet = xmlBlocks(page).stream().filter(b -> b.contains("localipc-bom")).findFirst()
                .orElseThrow(() -> new AssertionError("GETTING-STARTED.md has no xml block importing localipc-bom"));
        String slf4j = Reactor.rootPom().text("properties", "slf4j.version").orElseThrow();

        Path documented = temp.resolve("documented.xml");
        Files.writeString(documented, "<project>" + withBomVersion(snippet, "BOM") + "</project>");
        Path consumer = temp.resolve("consumer.xml");
        Files.writeString(consumer, withBomVersion(Files.readString(Reactor.root()
                .resolve("ipc-consumer-tests/src/it/consumer/pom.xml")), "BOM").replace("@slf4j.version@", slf4j));

        for (String element : List.of("dependencyManagement", "dependencies")) {
            assertEquals(Pom.read(consumer).canonical(element), Pom.read(documented).canonical(element),
                    "GETTING-STARTED.md's <" + element + "> differs from ipc-consumer-tests/src/it/consumer/pom.xml");
        }
    }

    /** Replaces the version of the localipc-bom import with {@code version}. */
    private static String withBomVersion(String xml, String version) {
        Matcher bom = Pattern.compile("(<artifactId>localipc-bom</artifactId>\\s*<version>)[^<]*(</version>)").matcher(xml);
        assertTrue(bom.find(), "no localipc-bom version in " + xml);
        return bom.replaceFirst("$1" + version + "$2");
    }

    private static List<String> xmlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("^```xml\n(.*?)^```$", Pattern.DOTALL | Pattern.MULTILINE).matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
