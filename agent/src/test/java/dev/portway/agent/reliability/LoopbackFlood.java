// What the flood children share: COUNT connections to a loopback PORT from source addresses PREFIX.1, PREFIX.2, ...
// (PER each), read without blocking from one selector, so that one process can hold thousands; and the RESULT line
// they end with, read back by the test.
package dev.portway.agent.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

abstract class LoopbackFlood {
    final int count;
    final long holdNanos;
    final SocketChannel[] channels;
    final Selector selector;
    int failed;
    long startNanos;
    long openedNanos;
    private final String prefix;
    private final int port;
    private final int per;
    private final ByteBuffer buf = ByteBuffer.allocate(4096);

    /** From the arguments PREFIX PORT COUNT PER HOLD (seconds). */
    LoopbackFlood(String[] args) throws IOException {
        prefix = args[0];
        port = Integer.parseInt(args[1]);
        count = Integer.parseInt(args[2]);
        per = Integer.parseInt(args[3]);
        holdNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        channels = new SocketChannel[count];
        selector = Selector.open();
    }

    /** A read of n bytes into buf from connection i, or n < 0 when it ended (EOF or reset; its key is cancelled). */
    abstract void onRead(int i, int n, ByteBuffer buf) throws IOException;

    /** Called once connection i is open, before it is read. */
    void onOpen(int i) {
    }

    /**
     * Opens every connection (a connect timeout of 0 waits as long as the kernel does), sends request on each when
     * there is one, and reads what is ready every 200 so that early answers are not left in the kernel; then prints
     * "opened N in T ms".
     */
    final void open(ByteBuffer request, int connectTimeoutMillis) throws IOException {
        startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(prefix + (1 + i / per), 0));
                ch.socket().connect(new InetSocketAddress("127.0.0.1", port), connectTimeoutMillis);
                ch.configureBlocking(false);
                if (request != null) {
                    ch.write(request.duplicate());
                }
                ch.register(selector, SelectionKey.OP_READ, i);
                channels[i] = ch;
                onOpen(i);
            } catch (IOException e) {
                failed++;
            }
            if (i % 200 == 199) {
                read(0);
            }
        }
        openedNanos = System.nanoTime();
        System.out.println("opened " + opened() + " in " + openMillis() + " ms");
    }

    /** Reads what is ready, waiting up to waitMs for something (0: not at all). */
    final void read(long waitMs) throws IOException {
        if (waitMs > 0) {
            selector.select(waitMs);
        } else {
            selector.selectNow();
        }
        for (SelectionKey k : selector.selectedKeys()) {
            SocketChannel ch = (SocketChannel) k.channel();
            int i = (Integer) k.attachment();
            int n;
            try {
                buf.clear();
                n = ch.read(buf);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                k.cancel();
            }
            onRead(i, n, buf);
        }
        selector.selectedKeys().clear();
    }

    final int opened() {
        return count - failed;
    }

    final long openMillis() {
        return (openedNanos - startNanos) / 1_000_000;
    }

    /** The key=value pairs of a flood child's RESULT line. */
    static Map<String, Long> result(Child flood) {
        String line = flood.lines.stream().map(Child.Line::text).filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("flood said:\n" + flood.tail(20)));
        Map<String, Long> m = new HashMap<>();
        for (String kv : line.substring(7).split(" ")) {
            String[] p = kv.split("=");
            m.put(p[0], Long.parseLong(p[1]));
        }
        return m;
    }
}
