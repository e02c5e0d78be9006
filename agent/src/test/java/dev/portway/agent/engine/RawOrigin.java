// A raw TCP origin for tests that must see or shape the exact bytes on the wire: each connection goes to the
// handler on a daemon thread of its own.
package dev.portway.agent.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

final class RawOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final Consumer<Socket> handler;

    RawOrigin(String name, Consumer<Socket> handler) throws IOException {
        this.handler = handler;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, name);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                Thread worker = new Thread(() -> handler.accept(c));
                worker.setDaemon(true);
                worker.start();
            } catch (Exception e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
