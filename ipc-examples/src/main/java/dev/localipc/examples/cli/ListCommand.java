package dev.localipc.examples.cli;

import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code localipc list}: the endpoints in the runtime directory, and whether a server answers on each.
 *
 * <pre>{@code
 * ./localipc list
 * ./localipc list --json | jq -r '.[] | select(.status == "live") | .name'
 * }</pre>
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists the endpoints in the runtime directory and whether a server answers on each.",
            "Status: live (a server accepts connections), stale (a file but nobody listens), untrusted (another user's).",
            "A directory of another user is named as such; exit 7 if it cannot even be read."})
public final class ListCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--no-probe", description = "Do not connect to the endpoints; status is 'unknown'.")
    boolean noProbe;

    @Override
    public Integer call() {
        Connector connector = common.connector(Duration.ofSeconds(2), null);
        TransportAddress where = connector.address("probe");
        Path directory = where.directory();
        String otherOwner = "unix".equals(where.transport()) ? DirectoryOwner.otherThanMe(directory) : null;
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".sock")) {
                    names.add(fileName.substring(0, fileName.length() - ".sock".length()));
                } else if (fileName.endsWith(".token")) {
                    names.add(fileName.substring(0, fileName.length() - ".token".length()));
                }
            }
        } catch (NoSuchFileException absent) {
            // No server of this application has run yet: an empty list.
        } catch (AccessDeniedException denied) {
            String whose = otherOwner != null ? "it belongs to " + otherOwner + ", not to you (" + DirectoryOwner.me()
                    + "), and only its owner may read it" : "permission denied (it, or a directory above it, is another"
                    + " user's)";
            throw new CliFailure(ExitCodes.UNTRUSTED_SERVER, "cannot list " + directory + ": " + whose + "; use a"
                    + " runtime directory of your own (--runtime-dir or LOCALIPC_RUNTIME_DIR)", denied);
        } catch (IOException unreadable) {
            throw new CliFailure(ExitCodes.INTERNAL, "cannot list " + directory + ": " + unreadable, unreadable);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : names) {
            TransportAddress address;
            try {
                address = connector.address(name);
            } catch (CliFailure unusable) {
                continue; // a file name that is not an endpoint name
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("status", noProbe ? "unknown" : probe(connector, address));
            row.put("location", address.location());
            row.put("tokenFile", address.tokenFile().toString());
            rows.add(row);
        }
        PrintWriter out = common.out();
        if (common.json) {
            out.println(JsonText.compact(rows));
        } else {
            out.println("endpoints of " + common.app + " in " + directory + ":");
            if (otherOwner != null) {
                out.println("  (this directory belongs to " + otherOwner + ", not to you (" + DirectoryOwner.me() + "):"
                        + " its endpoints are another user's, and localipc sends them nothing)");
            } else if (rows.isEmpty()) {
                out.println("  (none: start one with ./localipc orchestrator or ./localipc tasks)");
            }
            for (Map<String, Object> row : rows) {
                out.printf("  %-20s %-9s %s%n", row.get("name"), row.get("status"), row.get("location"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String probe(Connector connector, TransportAddress address) {
        try (TransportConnection connection = connector.transport().connect(address,
                ConnectOptions.builder().timeout(Duration.ofSeconds(2)).build())) {
            return connection.isOpen() ? "live" : "stale";
        } catch (UntrustedServerException impostor) {
            return "untrusted";
        } catch (IOException nobody) {
            return "stale";
        }
    }
}
