// A child process that opens many live-event streams (GET /api/v1/events as one user) on the API port, spread over
// source addresses PREFIX.1, PREFIX.2, ... (PER each), and sorts the answers: admitted (200), refused (429), closed
// without an answer. Bounded: it holds every connection HOLD seconds after the last one opened, then leaves all at
// once. Prints "opened ..." when all are open, then one line: RESULT key=value ...
//   java ... StreamFlood PREFIX PORT COUNT PER HOLD TOKEN
package dev.portway.agent.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

public final class StreamFlood {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    private StreamFlood() {
    }

    public static void main(String[] args) throws IOException {
        String prefix = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int per = Integer.parseInt(args[3]);
        long hold = Long.parseLong(args[4]) * 1_000_000_000L;
        ByteBuffer request = ByteBuffer.wrap(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + args[5] + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        int[] status = new int[count];
        SocketChannel[] channels = new SocketChannel[count];
        int failed = 0;
        Selector selector = Selector.open();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(prefix + (1 + i / per), 0));
                ch.socket().connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                ch.configureBlocking(false);
                ch.write(request.duplicate());
                ch.register(selector, SelectionKey.OP_READ, i);
                channels[i] = ch;
            } catch (IOException e) {
                failed++;
            }
            if (i % 200 == 199) {
                read(selector, buf, status, 0);
            }
        }
        long openedAll = System.nanoTime();
        System.out.println("opened " + (count - failed) + " in " + (openedAll - t0) / 1_000_000 + " ms");
        long deadline = openedAll + hold;
        while (System.nanoTime() < deadline) {
            read(selector, buf, status, 500);
        }
        int admitted = 0;
        int refused = 0;
        int closed = 0;
        int other = 0;
        int silent = 0;
        for (int i = 0; i < count; i++) {
            if (channels[i] == null) {
                continue;
            }
            switch (status[i]) {
                case 200 -> admitted++;
                case 429 -> refused++;
                case -1 -> closed++;
                case 0 -> silent++;
                default -> other++;
            }
            channels[i].close();
        }
        System.out.println("RESULT opened=" + (count - failed) + " connectFailed=" + failed + " admitted=" + admitted
                + " refused=" + refused + " closed=" + closed + " unanswered=" + silent + " other=" + other
                + " openMs=" + (openedAll - t0) / 1_000_000);
    }

    /** Reads what is ready: the first bytes give a connection's status; an end before them counts as -1. */
    private static void read(Selector selector, ByteBuffer buf, int[] status, long waitMs) throws IOException {
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
            if (n > 0 && status[i] == 0) {
                // "HTTP/1.1 200 OK": the answer's first read holds its status line.
                String head = new String(buf.array(), 0, Math.min(n, 12), StandardCharsets.US_ASCII);
                status[i] = head.length() == 12 ? Integer.parseInt(head.substring(9, 12)) : 1;
            }
            if (n < 0) {
                if (status[i] == 0) {
                    status[i] = -1;
                }
                k.cancel();
            }
        }
        selector.selectedKeys().clear();
    }
}
