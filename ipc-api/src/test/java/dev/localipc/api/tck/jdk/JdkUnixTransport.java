package dev.localipc.api.tck.jdk;

import dev.localipc.api.Endpoint;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.AddressInUseException;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.RuntimeDirectories;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import dev.localipc.api.spi.UntrustedServerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

// docs:provider
/**
 * A transport over the JDK's own Unix domain sockets (Java 16+), chosen only on demand
 * (-Dlocalipc.transport=jdk-unix): an example of the SPI, not a replacement for "unix".
 */
public final class JdkUnixTransport implements TransportProvider {
    @Override
    public String name() {
        return "jdk-unix";
    }

    @Override
    public int priority() {
        return -1; // never chosen by default
    }

    @Override
    public TransportAvailability availability() {
        if (System.getProperty("os.name").startsWith("Windows")) {
            return TransportAvailability.unavailable("jdk-unix needs SO_PEERCRED: use the windows transport");
        }
        return TransportAvailability.available();
    }

    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        if (endpoint.socketPath().isPresent()) { // a path chosen by another program: the unix transport handles it
            throw new IllegalArgumentException("jdk-unix does not listen at an explicit socket path (" + endpoint
                    + "): use the unix transport");
        }
        Path dir = RuntimeDirectories.unix(endpoint, System::getenv, System.getProperty("java.io.tmpdir"), uid());
        Path socket = dir.resolve(endpoint.name() + ".sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw new IllegalArgumentException("socket path " + socket + " is too long for AF_UNIX (107 bytes):"
                    + " use a shorter name or set LOCALIPC_RUNTIME_DIR");
        }
        return new TransportAddress(name(), endpoint, socket.toString(), dir, dir.resolve(endpoint.name() + ".token"));
    }
    // docs:end

    // docs:listen
    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        Path dir = address.directory();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        checkPrivate(dir);                                   // ours, 0700, not a symbolic link
        Path socket = Path.of(address.location());
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            boolean live;
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                live = probe.isConnected();
            } catch (IOException nobodyAnswers) {
                live = false;
            }
            if (live) {
                throw new AddressInUseException(socket.toString(), "address in use: a server already answers on " + socket);
            }
            Files.delete(socket);                            // a stale file: remove it and bind
        }
        if (options.token().isPresent()) {                  // the token file exists before the first accept
            Path token = address.tokenFile();
            Files.deleteIfExists(token);
            Files.createFile(token, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(token, options.token().get());
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        return new Listener(address, server);
    }
    // docs:end

    // docs:connect
    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        Path socket = Path.of(address.location());
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConnectException("nobody listens on " + socket + ": the file does not exist");
        }
        UserPrincipal me = currentUser();
        UserPrincipal dirOwner = Files.getOwner(address.directory(), LinkOption.NOFOLLOW_LINKS);
        if (!dirOwner.equals(me)) {
            throw new UntrustedServerException(address.directory() + " belongs to " + dirOwner.getName()
                    + ", not to " + me.getName() + ": not connecting, the token stays here");
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException refused) {
            throw new ConnectException("nobody listens on " + socket + " (a stale file?): " + refused.getMessage());
        }
        UnixDomainPrincipal server = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!server.user().equals(me)) {
            channel.close();
            throw new UntrustedServerException(address.location() + " is served by " + server.user().getName());
        }
        return new Connection(address, channel, PeerIdentity.unknown(), -1);
    }
    // docs:end

    private static void checkPrivate(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir) || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(currentUser())
                || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))
                .equals("rwx------")) {
            throw new IOException("runtime directory " + dir + " must be a directory of yours with mode 0700");
        }
    }

    private static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    }

    private static long uid() {
        try {
            Path probe = Files.createTempFile("jdk-unix-uid", "");
            try {
                return ((Number) Files.getAttribute(probe, "unix:uid")).longValue();
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot find the current uid: " + e, e);
        }
    }

    /** The listening socket; refuses peers of another user before reading from them. */
    private static final class Listener implements TransportListener {
        private final TransportAddress address;
        private final ServerSocketChannel server;

        Listener(TransportAddress address, ServerSocketChannel server) {
            this.address = address;
            this.server = server;
        }

        @Override
        public TransportAddress address() {
            return address;
        }

        @Override
        public TransportConnection accept() throws IOException {
            UserPrincipal me = currentUser();
            while (true) {
                SocketChannel channel = server.accept();
                UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
                if (!peer.user().equals(me)) {
                    channel.close();                         // another user: closed before a byte is read
                    continue;
                }
                // A peer that already left (such as another listener's liveness probe) is skipped;
                // a byte that already arrived is handed to the connection's input.
                ByteBuffer first = ByteBuffer.allocate(1);
                channel.configureBlocking(false);
                int read = channel.read(first);
                channel.configureBlocking(true);
                if (read < 0) {
                    channel.close();
                    continue;
                }
                return new Connection(address, channel, PeerIdentity.unknown(), read == 1 ? first.get(0) & 0xff : -1);
            }
        }

        @Override
        public boolean isOpen() {
            return server.isOpen();
        }

        @Override
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(Path.of(address.location()));
            Files.deleteIfExists(address.tokenFile());
        }
    }

    /** One connection: blocking reads and writes on the channel (they may run on two threads at once). */
    private static final class Connection implements TransportConnection {
        private final TransportAddress address;
        private final SocketChannel channel;
        private final PeerIdentity peer;
        private final InputStream input;
        private final OutputStream output;
        private int pending;

        /** {@code firstByte}: a byte accept() already read, or -1. */
        Connection(TransportAddress address, SocketChannel channel, PeerIdentity peer, int firstByte) {
            this.address = address;
            this.channel = channel;
            this.peer = peer;
            this.pending = firstByte;
            this.input = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    if (length == 0) {
                        return 0;
                    }
                    if (pending >= 0) {
                        bytes[offset] = (byte) pending;
                        pending = -1;
                        return 1;
                    }
                    return channel.read(ByteBuffer.wrap(bytes, offset, length));
                }
            };
            this.output = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public PeerIdentity peer() {
            return peer;
        }

        @Override
        public TransportAddress address() {
            return address;
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
