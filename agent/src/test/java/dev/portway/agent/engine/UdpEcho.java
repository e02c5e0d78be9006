// A local UDP service for end-to-end tests: answers each datagram to the address and port it came from, with the
// same bytes behind an optional tag, so a test that runs two of them can tell which one (which agent) answered.
package dev.portway.agent.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

final class UdpEcho implements AutoCloseable {
    /** The largest payload of one UDP datagram over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    private final DatagramSocket socket;
    private final byte[] tag;
    /** Datagrams received, and the addresses they came from (the agent's sockets, one per flow). */
    final AtomicLong received = new AtomicLong();
    final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();

    UdpEcho() throws IOException {
        this("");
    }

    UdpEcho(String tag) throws IOException {
        this.tag = tag.getBytes(StandardCharsets.UTF_8);
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        Thread t = new Thread(this::serve, "udp-echo" + (tag.isEmpty() ? "" : "-" + tag));
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[MAX_DATAGRAM + tag.length];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, tag.length, MAX_DATAGRAM);
                socket.receive(p);
                received.incrementAndGet();
                senders.add(p.getSocketAddress());
                System.arraycopy(tag, 0, buf, 0, tag.length);
                socket.send(new DatagramPacket(buf, 0, tag.length + p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
