// A child process that opens many live-event streams (GET /api/v1/events as one user) on the API port, spread over
// source addresses PREFIX.1, PREFIX.2, ... (PER each), and sorts the answers: admitted (200), refused (429), closed
// without an answer. Bounded: it holds every connection HOLD seconds after the last one opened, then leaves all at
// once. Prints "opened ..." when all are open, then one line: RESULT key=value ...
//   java ... StreamFlood PREFIX PORT COUNT PER HOLD TOKEN
package dev.portway.agent.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

public final class StreamFlood extends LoopbackFlood {
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;

    /** Each connection's status: 0 before an answer, -1 for an end before one. */
    private final int[] status;

    private StreamFlood(String[] args) throws IOException {
        super(args);
        status = new int[count];
    }

    public static void main(String[] args) throws IOException {
        StreamFlood flood = new StreamFlood(args);
        ByteBuffer request = ByteBuffer.wrap(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + args[5] + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        flood.open(request, CONNECT_TIMEOUT_MILLIS);
        long deadline = flood.openedNanos + flood.holdNanos;
        while (System.nanoTime() < deadline) {
            flood.read(500);
        }
        flood.leave();
    }

    @Override
    void onRead(int i, int n, ByteBuffer buf) {
        if (n > 0 && status[i] == 0) {
            // "HTTP/1.1 200 OK": the answer's first read holds its status line.
            String head = new String(buf.array(), 0, Math.min(n, 12), StandardCharsets.US_ASCII);
            status[i] = head.length() == 12 ? Integer.parseInt(head.substring(9, 12)) : 1;
        }
        if (n < 0 && status[i] == 0) {
            status[i] = -1;
        }
    }

    /** Closes every connection and prints how they were answered. */
    private void leave() throws IOException {
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
        System.out.println("RESULT opened=" + opened() + " connectFailed=" + failed + " admitted=" + admitted
                + " refused=" + refused + " closed=" + closed + " unanswered=" + silent + " other=" + other
                + " openMs=" + openMillis());
    }
}
