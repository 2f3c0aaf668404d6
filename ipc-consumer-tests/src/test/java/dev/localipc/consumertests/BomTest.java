package dev.localipc.consumertests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * localipc-bom cannot inherit localipc-parent (its dependencyManagement would reach users' builds),
 * so it repeats what it must say itself: these tests keep the two poms and the module list in step.
 */
class BomTest {
    private final Pom parent = Reactor.rootPom();
    private final Pom bom = Reactor.bomPom();

    @Test
    void theBomManagesEveryPublishedModuleAtTheBuildsVersion() {
        List<String> managed = new ArrayList<>();
        for (Element dependency : managedDependencies()) {
            String type = Pom.children(dependency, "type").stream().map(e -> e.getTextContent().strip()).findFirst().orElse("jar");
            if (type.equals("jar")) {
                managed.add(text(dependency, "artifactId"));
            }
            assertEquals("dev.localipc", text(dependency, "groupId"), "the BOM manages only localipc's own artifacts");
            assertEquals("${project.version}", text(dependency, "version"), text(dependency, "artifactId"));
        }
        assertEquals(new TreeSet<>(Reactor.publishedJarModules()), new TreeSet<>(managed),
                "localipc-bom/pom.xml must list exactly the published modules (those without maven.deploy.skip)");
        assertEquals(Reactor.version(), bom.text("version").orElseThrow(), "the BOM's version is the build's");
    }

    @Test
    void theBomManagesTheTransportCompatibilitySuite() {
        assertTrue(managedDependencies().stream().anyMatch(d -> text(d, "artifactId").equals("ipc-api")
                && Pom.children(d, "type").stream().anyMatch(t -> t.getTextContent().strip().equals("test-jar"))),
                "docs/TRANSPORTS.md tells transport authors to depend on ipc-api's test-jar");
    }

    @Test
    void theBomHasNoParentAndTheParentsReleaseMetadata() {
        assertFalse(bom.element("parent").isPresent(), "an imported BOM brings its parent's dependencyManagement along");
        for (String element : List.of("groupId", "url", "inceptionYear", "licenses", "developers", "scm")) {
            assertEquals(parent.canonical(element), bom.canonical(element), element + " differs between pom.xml and localipc-bom/pom.xml");
        }
        assertTrue(bom.text("name").isPresent() && bom.text("description").isPresent(), "Maven Central requires name and description");
    }

    @Test
    void theBomIsSignedAndStagedAsTheOtherModulesAre() {
        assertEquals(releaseProfile(parent, "build"), releaseProfile(bom, "build"),
                "the release profile's plugins differ between pom.xml and localipc-bom/pom.xml");
        assertEquals(releaseProfile(parent, "properties", "gpg.skip"), releaseProfile(bom, "properties", "gpg.skip"));
        assertEquals(parent.canonical("properties", "maven.deploy.skip"), bom.canonical("properties", "maven.deploy.skip"));
    }

    /** The element at {@code path} inside the profile "release" of {@code pom}. */
    private static String releaseProfile(Pom pom, String... path) {
        for (Element profile : Pom.children(pom.element("profiles").orElseThrow(), "profile")) {
            if (text(profile, "id").equals("release")) {
                Element element = profile;
                for (String name : path) {
                    element = Pom.children(element, name).get(0);
                }
                return Pom.canonical(element);
            }
        }
        return "(no release profile in " + pom + ")";
    }

    private List<Element> managedDependencies() {
        return Pom.children(bom.element("dependencyManagement", "dependencies").orElseThrow(), "dependency");
    }

    private static String text(Element parent, String name) {
        return Pom.children(parent, name).get(0).getTextContent().strip();
    }
}
