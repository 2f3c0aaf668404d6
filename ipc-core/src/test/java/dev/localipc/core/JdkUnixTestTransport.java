package dev.localipc.core;

import dev.localipc.api.Endpoint;
import dev.localipc.api.PeerIdentity;
import dev.localipc.api.spi.ConnectOptions;
import dev.localipc.api.spi.ListenOptions;
import dev.localipc.api.spi.TransportAddress;
import dev.localipc.api.spi.TransportAvailability;
import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import dev.localipc.api.spi.TransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A minimal transport over the JDK's own AF_UNIX channels, for unit tests that need a real
 * socket but not the product transport's checks. Endpoints must carry a runtime directory.
 */
final class JdkUnixTestTransport implements TransportProvider {

    @Override
    public String name() {
        return "jdk-unix-test";
    }

    @Override
    public TransportAvailability availability() {
        return TransportAvailability.available();
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public TransportAddress resolve(Endpoint endpoint) {
        Path dir = endpoint.runtimeDirectory().orElseThrow(() -> new IllegalArgumentException("test endpoints need a directory"));
        return new TransportAddress(name(), endpoint, dir.resolve(endpoint.name() + ".sock").toString(), dir,
                dir.resolve(endpoint.name() + ".token"));
    }

    @Override
    public TransportListener listen(TransportAddress address, ListenOptions options) throws IOException {
        Files.createDirectories(address.directory());
        if (options.token().isPresent()) {
            Files.writeString(address.tokenFile(), options.token().get(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(address.tokenFile(), PosixFilePermissions.fromString("rw-------"));
        }
        Files.deleteIfExists(Path.of(address.location()));
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(address.location()), 1024);
        return new TransportListener() {
            @Override
            public TransportAddress address() {
                return address;
            }

            @Override
            public TransportConnection accept() throws IOException {
                return new Connection(server.accept(), address);
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
        };
    }

    @Override
    public TransportConnection connect(TransportAddress address, ConnectOptions options) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(address.location()));
        } catch (IOException e) {
            channel.close();
            throw new java.net.ConnectException("cannot connect to " + address.location() + ": " + e.getMessage());
        }
        return new Connection(channel, address);
    }

    private static final class Connection implements TransportConnection {
        private final SocketChannel channel;
        private final TransportAddress address;
        private final InputStream in;
        private final OutputStream out;

        Connection(SocketChannel channel, TransportAddress address) {
            this.channel = channel;
            this.address = address;
            this.in = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return channel.read(ByteBuffer.wrap(b, off, len));
                }
            };
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            };
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return out;
        }

        @Override
        public PeerIdentity peer() {
            return PeerIdentity.unknown();
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
