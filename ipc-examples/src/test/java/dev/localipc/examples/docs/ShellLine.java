package dev.localipc.examples.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command line of a docs shell block, split the way sh would for the simple forms the docs
 * use: single and double quotes, {@code $VAR} expansion, a trailing {@code # exits N} comment
 * (the expected exit code), a pipe (what follows it is ignored), and {@code VAR=$(command | ...)}.
 */
final class ShellLine {
    private static final Pattern EXITS = Pattern.compile("#\\s*exits\\s+(\\d+)");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=\\$\\((.*)\\)$");

    final List<String> words;
    final int expectedExit;
    final String assignTo;

    private ShellLine(List<String> words, int expectedExit, String assignTo) {
        this.words = words;
        this.expectedExit = expectedExit;
        this.assignTo = assignTo;
    }

    /** Parses {@code line}, expanding variables from {@code vars}. */
    static ShellLine parse(String line, Map<String, String> vars) {
        String text = line.strip();
        int expected = 0;
        String assignTo = null;
        Matcher assignment = ASSIGNMENT.matcher(text);
        if (assignment.matches()) {
            assignTo = assignment.group(1);
            text = assignment.group(2);
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                word = word == null ? new StringBuilder() : word;
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                i++;
                while (text.charAt(i) != '"') {
                    char d = text.charAt(i);
                    if (d == '\\' && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\' || text.charAt(i + 1) == '$')) {
                        word.append(text.charAt(i + 1));
                        i += 2;
                    } else if (d == '$') {
                        i = expand(text, i, vars, word);
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                i++;
            } else if (c == '$') {
                word = word == null ? new StringBuilder() : word;
                i = expand(text, i, vars, word);
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
            } else if (c == '#' && word == null) {
                Matcher exits = EXITS.matcher(text.substring(i));
                if (exits.lookingAt()) {
                    expected = Integer.parseInt(exits.group(1));
                }
                break;
            } else if (c == '|' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return new ShellLine(words, expected, assignTo);
    }

    private static int expand(String text, int dollar, Map<String, String> vars, StringBuilder into) {
        int end = dollar + 1;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        String name = text.substring(dollar + 1, end);
        String value = vars.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the docs use $" + name + ", which no earlier line set: " + text);
        }
        into.append(value);
        return end;
    }

    /** Whether this is a {@code ./localipc} command. */
    boolean isLocalipc() {
        return !words.isEmpty() && (words.get(0).equals("./localipc") || words.get(0).equals("localipc"));
    }

    /** The arguments after {@code ./localipc}. */
    String[] arguments() {
        return words.subList(1, words.size()).toArray(new String[0]);
    }
}
