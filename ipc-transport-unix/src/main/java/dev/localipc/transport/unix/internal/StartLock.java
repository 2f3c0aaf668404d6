package dev.localipc.transport.unix.internal;

import dev.localipc.api.spi.BlockingCalls;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the start of servers on one endpoint, across processes ({@code <dir>/<name>.lock},
 * an empty 0600 file locked with {@link FileChannel#lock()}) and within this JVM. Held while the
 * stale socket check and the bind run, so that two servers starting at once cannot both find
 * the old socket stale and delete each other's fresh one. The file stays in place on purpose:
 * deleting a lock file races with the next process that opens it.
 *
 * <p>An explicit socket path lies in a directory localipc does not own, where it writes no lock
 * file: {@link #withinThisJvm()} serialises starts in this JVM only, and across processes the
 * stale-socket check's file-key comparison and the bind without SO_REUSEADDR keep two servers
 * from removing each other's socket.
 *
 * <pre>{@code
 * try (StartLock lock = StartLock.acquire(dir.resolve("daemon.lock"))) {
 *     StaleSocket.removeIfStale(socket, SocketPlacement.RUNTIME_DIRECTORY, uid);
 *     server.bind(address);
 * }
 * }</pre>
 *
 * <p>Must be closed by the thread that acquired it.
 */
public final class StartLock implements AutoCloseable {
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private StartLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for and takes the lock of this JVM only, without a file. */
    public static StartLock withinThisJvm() {
        IN_THIS_JVM.lock();
        return new StartLock(null, null);
    }

    /** Waits for and takes the lock on {@code file}, creating it with mode 0600 if needed. */
    public static StartLock acquire(Path file) throws IOException {
        IN_THIS_JVM.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(TokenFile.OWNER_READ_WRITE));
            FileChannel locked = channel;
            FileLock lock = BlockingCalls.call(locked::lock, locked, "locking " + file);
            return new StartLock(channel, lock);
        } catch (IOException | RuntimeException | Error failure) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            IN_THIS_JVM.unlock();
            if (failure instanceof IOException) {
                throw new IOException("cannot lock " + file + " to start the server: " + failure
                        + ": check that the runtime directory is writable by the current user", failure);
            }
            throw failure;
        }
    }

    /** Releases the lock; the file stays. */
    @Override
    public void close() throws IOException {
        if (channel == null) {
            IN_THIS_JVM.unlock();
            return;
        }
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                IN_THIS_JVM.unlock();
            }
        }
    }
}
