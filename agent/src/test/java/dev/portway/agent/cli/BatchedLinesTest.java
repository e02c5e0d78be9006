// Lines printed on the loop their caller names wait for the end of its turn and go out in one write; lines from
// any other thread (or another loop) go out at once, after those waiting, so the order holds.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchedLinesTest {
    private static final String NL = System.lineSeparator();
    private final EventLoop loop = new DefaultEventLoop();
    private final EventLoop other = new DefaultEventLoop();
    private final Recording out = new Recording();
    private final BatchedLines lines = new BatchedLines(new PrintStream(out, false, StandardCharsets.UTF_8));

    /** What reached the stream, and how many times it was flushed (once per write of the lines). */
    private static final class Recording extends ByteArrayOutputStream {
        int flushes;

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void linesOfOneTurnGoOutTogetherAfterIt() throws Exception {
        String seenDuringTheTurn = loop.submit(() -> {
            lines.println("GET /a 200", loop);
            lines.println("GET /b 200", loop);
            lines.println("GET /c 404", loop);
            return out.text();
        }).get(5, TimeUnit.SECONDS);
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // the flush was queued before this
        assertEquals("", seenDuringTheTurn);
        assertEquals("GET /a 200" + NL + "GET /b 200" + NL + "GET /c 404" + NL, out.text());
        assertEquals(1, out.flushes);
    }

    @Test
    void aLineFromAnotherThreadGoesOutAtOnceAfterThoseWaiting() throws Exception {
        lines.println("connecting to edge.test:7000 ...", loop); // not on the loop: at once
        assertEquals("connecting to edge.test:7000 ..." + NL, out.text());

        loop.submit(() -> {
            lines.println("GET /a 200", loop);
            other.submit(() -> lines.println("on another loop", loop)).syncUninterruptibly();
            return null;
        }).get(5, TimeUnit.SECONDS);
        assertEquals("connecting to edge.test:7000 ..." + NL + "GET /a 200" + NL + "on another loop" + NL, out.text());
        lines.println("stopped", null);
        assertEquals("connecting to edge.test:7000 ..." + NL + "GET /a 200" + NL + "on another loop" + NL + "stopped"
                + NL, out.text());
    }
}
