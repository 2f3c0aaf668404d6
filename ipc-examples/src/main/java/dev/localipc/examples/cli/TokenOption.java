package dev.localipc.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --token-file} option of the client commands (a picocli mixin). There is deliberately
 * no option that takes the token itself: command lines are visible to every user in {@code ps}.
 *
 * <pre>{@code
 * @Mixin TokenOption token;
 * }</pre>
 */
public final class TokenOption {
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from FILE; this wins over LOCALIPC_TOKEN (without either: the endpoint's token file).")
    Path file;
}
