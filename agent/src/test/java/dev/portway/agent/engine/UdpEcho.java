// A local UDP echo service for tests: sends each datagram back to its sender, and counts them; with a tag, the same
// bytes behind it, so a test that runs two can tell which one (which agent) answered; it can leave datagrams that
// begin with a word unanswered (a visitor the service never answers, as a spoofed source's).
package dev.portway.agent.engine;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final byte[] tag;
    private final byte[] silent;
    private final AtomicInteger received = new AtomicInteger();
    private final Thread thread;

    /** port: 0 for any free one. */
    UdpEcho(int port) throws IOException {
        this(port, "");
    }

    UdpEcho(int port, String tag) throws IOException {
        this(port, tag, null);
    }

    /** silent: datagrams beginning with it are counted, never answered (null: all are). */
    UdpEcho(int port, String tag, String silent) throws IOException {
        this.tag = tag.getBytes(StandardCharsets.UTF_8);
        this.silent = silent == null ? null : silent.getBytes(StandardCharsets.UTF_8);
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
        byte[] buf = new byte[tag.length + 65_536];
        System.arraycopy(tag, 0, buf, 0, tag.length);
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, tag.length, buf.length - tag.length);
            try {
                socket.receive(p);
                received.incrementAndGet();
                if (silent != null && p.getLength() >= silent.length && Arrays.equals(buf, tag.length,
                        tag.length + silent.length, silent, 0, silent.length)) {
                    continue;
                }
                socket.send(new DatagramPacket(buf, tag.length + p.getLength(), p.getSocketAddress()));
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
