// A local UDP echo service for tests: sends each datagram back to its sender, and counts them.
package dev.portway.agent.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicInteger received = new AtomicInteger();
    private final Thread thread;

    /** port: 0 for any free one. */
    UdpEcho(int port) throws IOException {
        socket = new DatagramSocket(port, InetAddress.getLoopbackAddress());
        socket.setReceiveBufferSize(4 << 20);
        thread = new Thread(this::run, "udp-echo");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int received() {
        return received.get();
    }

    private void run() {
        byte[] buf = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                received.incrementAndGet();
                socket.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
