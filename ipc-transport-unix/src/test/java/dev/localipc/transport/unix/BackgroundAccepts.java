package dev.localipc.transport.unix;

import dev.localipc.api.spi.TransportConnection;
import dev.localipc.api.spi.TransportListener;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Accepts on a listener in a daemon thread until it is closed, queueing what accept() hands out. */
final class BackgroundAccepts {
    private BackgroundAccepts() {
    }

    static BlockingQueue<TransportConnection> start(TransportListener listener) {
        BlockingQueue<TransportConnection> accepted = new LinkedBlockingQueue<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(listener.accept());
                }
            } catch (IOException closed) {
                // the listener was closed at the end of the test
            }
        }, "test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return accepted;
    }
}
