package dev.localipc.consumertests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** One pom.xml as written (not the effective model): its elements by path, and their text. */
final class Pom {
    private final Path file;
    private final Element project;

    private Pom(Path file, Element project) {
        this.file = file;
        this.project = project;
    }

    static Pom read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Pom(file, factory.newDocumentBuilder().parse(in).getDocumentElement());
        } catch (IOException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** The element at {@code path} below project, e.g. {@code element("scm", "url")}. */
    Optional<Element> element(String... path) {
        Element current = project;
        for (String name : path) {
            List<Element> matches = children(current, name);
            if (matches.isEmpty()) {
                return Optional.empty();
            }
            current = matches.get(0);
        }
        return Optional.of(current);
    }

    /** The trimmed text at {@code path}, or empty when the element is missing. */
    Optional<String> text(String... path) {
        return element(path).map(e -> e.getTextContent().strip());
    }

    /**
     * The element at {@code path} as nested names and texts, without attributes, comments or
     * layout: two poms that say the same thing give the same string.
     */
    String canonical(String... path) {
        return element(path).map(Pom::canonical).orElse("(missing)");
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && (name == null || node.getNodeName().equals(name))) {
                found.add((Element) node);
            }
        }
        return found;
    }

    /** {@code element} as nested names and texts (see {@link #canonical(String...)}). */
    static String canonical(Element element) {
        List<Element> children = children(element, null);
        if (children.isEmpty()) {
            return element.getNodeName() + "=" + element.getTextContent().strip();
        }
        StringBuilder out = new StringBuilder(element.getNodeName()).append('{');
        for (Element child : children) {
            out.append(canonical(child)).append(';');
        }
        return out.append('}').toString();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
