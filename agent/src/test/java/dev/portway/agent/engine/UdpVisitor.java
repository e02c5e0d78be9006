// A visitor of a udp socket: a real DatagramSocket bound to one loopback address (127.0.0.2, .3 ... stand for
// different hosts) that sends datagrams to a port on the edge and reads what comes back to it.
package dev.portway.agent.engine;

import dev.portway.protocol.link.DatagramFrames;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

final class UdpVisitor implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress edge;
    private final byte[] buf = new byte[DatagramFrames.MAX_DATAGRAM + 64];

    /** From address (any free port) to edgeHost:port. */
    UdpVisitor(String address, String edgeHost, int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setReceiveBufferSize(4 << 20);
        edge = new InetSocketAddress(edgeHost, port);
    }

    UdpVisitor(String address, int port) throws IOException {
        this(address, "127.0.0.1", port);
    }

    void send(byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, edge));
    }

    /** The next datagram that comes back from the edge's port, or null when none does within the wait. */
    byte[] receive(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (p.getSocketAddress().equals(edge)) {
                return Arrays.copyOf(buf, p.getLength());
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        }
    }

    /** Sends text and returns the first answer as text, or null when none comes within the wait. */
    String ask(String text, Duration wait) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
        byte[] answer = receive(wait);
        return answer == null ? null : new String(answer, StandardCharsets.UTF_8);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
