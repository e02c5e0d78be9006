// EventWriter against a scripted ServletOutputStream: frames go out while the output is ready and wait while it is
// not, the backlog's bound (in frames and in bytes) ends the stream, and a failed output ends it too.
package dev.portway.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWriterTest {
    /** Ready or not as the test says; records what is written and flushed. */
    private static final class ScriptedOutput extends ServletOutputStream {
        boolean ready = true;
        IOException failure;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int flushes;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b});
        }

        @Override
        public void write(byte[] b) throws IOException {
            if (failure != null) {
                throw failure;
            }
            written.write(b);
        }

        @Override
        public void flush() {
            flushes++;
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    private final ScriptedOutput out = new ScriptedOutput();
    private final List<String> ends = new ArrayList<>();

    private EventWriter writer(int maxFrames, long maxBytes) {
        return new EventWriter(out, maxFrames, maxBytes, (why, pending) -> ends.add(why + (pending ? " pending" : "")));
    }

    private static byte[] frame(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesGoOutAndAreFlushedWhileTheOutputIsReady() {
        EventWriter w = writer(4, 1024);
        assertTrue(w.send(frame("a")));
        assertTrue(w.send(frame("b")));
        assertEquals("ab", out.text());
        assertEquals(2, out.flushes, "each frame reaches the client at once");
        assertEquals(List.of(), ends);
    }

    @Test
    void framesWaitWhileTheOutputIsNotReadyAndGoOutWhenItIs() {
        EventWriter w = writer(4, 1024);
        out.ready = false;
        assertTrue(w.send(frame("a")));
        assertTrue(w.send(frame("b")));
        assertEquals("", out.text());
        out.ready = true;
        w.onWritePossible();
        assertEquals("ab", out.text());
        assertEquals(1, out.flushes);
    }

    @Test
    void moreFramesWaitingThanTheBoundEndTheStream() {
        EventWriter w = writer(3, 1024);
        out.ready = false;
        for (int i = 0; i < 3; i++) {
            assertTrue(w.send(frame("x")));
        }
        assertFalse(w.send(frame("x")), "the fourth frame waiting is one too many");
        assertEquals(List.of("SLOW pending"), ends);
        assertFalse(w.send(frame("y")), "an ended stream takes nothing more");
        out.ready = true;
        w.onWritePossible();
        assertEquals("", out.text(), "its backlog was dropped");
        assertEquals(1, ends.size(), "told once");
    }

    @Test
    void moreBytesWaitingThanTheBoundEndTheStream() {
        EventWriter w = writer(100, 10);
        out.ready = false;
        assertTrue(w.send(frame("12345")));
        assertTrue(w.send(frame("67890")));
        assertFalse(w.send(frame("!")));
        assertEquals(List.of("SLOW pending"), ends);
    }

    @Test
    void oneFrameBiggerThanTheByteBoundStillGoesOut() {
        EventWriter w = writer(100, 10);
        assertTrue(w.send(frame("a traffic sample of many tunnels")));
        out.ready = false;
        assertTrue(w.send(frame("another one, waiting")));
        assertEquals(List.of(), ends);
        out.ready = true;
        w.onWritePossible();
        assertEquals("a traffic sample of many tunnelsanother one, waiting", out.text());
    }

    @Test
    void aFailedOutputEndsTheStream() {
        EventWriter w = writer(4, 1024);
        out.failure = new IOException("reset");
        assertFalse(w.send(frame("a")));
        assertEquals(List.of("FAILED"), ends);
    }

    @Test
    void anEndWithNothingUnsentIsCleanAndHappensOnce() {
        EventWriter w = writer(4, 1024);
        w.send(frame("a"));
        w.end();
        w.end();
        w.onError(new IOException("late"));
        assertEquals(List.of("CLOSED"), ends);
    }
}
