// A child process that opens many silent TCP connections to a loopback port, spread over source addresses
// PREFIX.1, PREFIX.2, ... (PER each), sends nothing, and watches how each one ends. Bounded: it gives up watching
// HOLD seconds after the last connection opened. Prints one line: RESULT key=value ...
//   java ... SilentFlood PREFIX PORT COUNT PER HOLD
package dev.portway.agent.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

public final class SilentFlood {
    private SilentFlood() {
    }

    public static void main(String[] args) throws IOException {
        String prefix = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int per = Integer.parseInt(args[3]);
        long hold = Long.parseLong(args[4]) * 1_000_000_000L;
        long[] opened = new long[count];
        long[] ended = new long[count];
        SocketChannel[] channels = new SocketChannel[count];
        int failed = 0;
        int answered = 0;
        Selector selector = Selector.open();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(prefix + (1 + i / per), 0));
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, i);
                channels[i] = ch;
                opened[i] = System.nanoTime();
            } catch (IOException e) {
                failed++;
            }
            if (i % 200 == 199) {
                answered += drain(selector, buf, ended, 0);
            }
        }
        long openedAll = System.nanoTime();
        System.out.println("opened " + (count - failed) + " in " + (openedAll - t0) / 1_000_000 + " ms");
        long deadline = openedAll + hold;
        while (selector.keys().size() > 0 && System.nanoTime() < deadline) {
            answered += drain(selector, buf, ended, 500);
        }
        int refused = 0;
        int timedOut = 0;
        long maxLife = 0;
        long minLate = Long.MAX_VALUE;
        int open = 0;
        for (int i = 0; i < count; i++) {
            if (channels[i] == null) {
                continue;
            }
            if (ended[i] == 0) {
                open++;
                channels[i].close();
                continue;
            }
            long life = ended[i] - opened[i];
            maxLife = Math.max(maxLife, life);
            if (life < 2_000_000_000L) {
                refused++;
            } else {
                timedOut++;
                minLate = Math.min(minLate, life);
            }
        }
        System.out.println("RESULT opened=" + (count - failed) + " connectFailed=" + failed + " refused=" + refused
                + " timedOut=" + timedOut + " open=" + open + " answered=" + answered + " maxLifeMs="
                + maxLife / 1_000_000 + " minTimedOutMs=" + (minLate == Long.MAX_VALUE ? 0 : minLate / 1_000_000)
                + " openMs=" + (openedAll - t0) / 1_000_000);
    }

    /** Reads what is ready; a connection that ends (EOF or reset) is noted and closed. Returns how many sent bytes. */
    private static int drain(Selector selector, ByteBuffer buf, long[] ended, long waitMs) throws IOException {
        if (waitMs > 0) {
            selector.select(waitMs);
        } else {
            selector.selectNow();
        }
        int answered = 0;
        long now = System.nanoTime();
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
            if (n > 0) {
                answered++;
            }
            if (n < 0) {
                ended[i] = now;
                k.cancel();
                ch.close();
            }
        }
        selector.selectedKeys().clear();
        return answered;
    }
}
