package dev.localipc.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whose a Unix runtime directory is, for messages such as "belongs to nobody (uid 65534), not to
 * you (alice)". Reading a directory's owner needs no permission on the directory itself, so this
 * works even where listing it is refused.
 *
 * <pre>{@code
 * String other = DirectoryOwner.otherThanMe(Path.of("/run/user/1000/localipc")); // null when it is mine
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class DirectoryOwner {
    private DirectoryOwner() {
    }

    /**
     * "nobody (uid 65534)" when {@code directory} exists and belongs to another user than the one
     * running this JVM; null when it is ours, does not exist, or its owner cannot be read.
     */
    static String otherThanMe(Path directory) {
        try {
            String owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName();
            if (owner.equals(System.getProperty("user.name"))) {
                return null;
            }
            Object uid = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            return owner.equals(String.valueOf(uid)) ? "uid " + uid : owner + " (uid " + uid + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return null; // absent, or not a Unix file system: nothing to say
        }
    }

    /** The user running this JVM, by name. */
    static String me() {
        return System.getProperty("user.name");
    }
}
