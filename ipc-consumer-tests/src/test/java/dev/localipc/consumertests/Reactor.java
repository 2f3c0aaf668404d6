package dev.localipc.consumertests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** The build this module belongs to: where it is, its version, and which of its modules are published. */
final class Reactor {
    private Reactor() {
    }

    /** The repository root (the pom passes it; surefire and failsafe run in this module's directory otherwise). */
    static Path root() {
        return Path.of(System.getProperty("localipc.root", "..")).toAbsolutePath().normalize();
    }

    /** The version being built. */
    static String version() {
        return rootPom().text("version").orElseThrow();
    }

    static Pom rootPom() {
        return Pom.read(root().resolve("pom.xml"));
    }

    static Pom bomPom() {
        return Pom.read(root().resolve("localipc-bom/pom.xml"));
    }

    /**
     * The modules users get from Maven Central: every module of the default build that does not
     * set maven.deploy.skip, except the BOM itself (localipc-parent, the root, is published too).
     */
    static List<String> publishedJarModules() {
        List<String> published = new ArrayList<>();
        for (Element module : Pom.children(rootPom().element("modules").orElseThrow(), "module")) {
            String name = module.getTextContent().strip();
            Pom pom = Pom.read(root().resolve(name).resolve("pom.xml"));
            boolean skipped = pom.text("properties", "maven.deploy.skip").map("true"::equals).orElse(false);
            boolean jar = pom.text("packaging").orElse("jar").equals("jar");
            if (!skipped && jar) {
                published.add(pom.text("artifactId").orElseThrow());
            }
        }
        return published;
    }
}
