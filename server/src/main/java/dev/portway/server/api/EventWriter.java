// Writes one event stream without ever blocking: frames wait in a bounded backlog and go out (Servlet async I/O)
// only while the connection takes them, so a publisher (an edge event loop, the traffic clock, an API call) spends
// no time on a client that has stopped reading. Past the bound the stream ends.
package dev.portway.server.api;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.util.ArrayDeque;

final class EventWriter implements WriteListener {
    /** Why a stream ended. */
    enum End {
        /** Ended here: a drain, a disabled account, a client that hung up. */
        CLOSED,
        /** Its client reads too slowly: the backlog passed its bound. */
        SLOW,
        /** The connection failed (a write error, Jetty's idle timeout on a write that did not move). */
        FAILED
    }

    /** Told once, outside this writer's lock, that the stream ended; pending: frames were still unsent. */
    interface Ended {
        void ended(End why, boolean pending);
    }

    private final ServletOutputStream out;
    private final int maxFrames;
    private final long maxBytes;
    private final Ended ended;
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private long backlogBytes;
    /** isReady() said no: the container calls onWritePossible next, and until then nothing is written. */
    private boolean waiting;
    private boolean unflushed;
    private boolean over;

    /**
     * The stream ends once more than maxFrames frames, or more than maxBytes bytes in more than one frame, wait to be
     * written.
     */
    EventWriter(ServletOutputStream out, int maxFrames, long maxBytes, Ended ended) {
        this.out = out;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.ended = ended;
    }

    /** Sends the frame as soon as the connection takes it; false once the stream has ended. Never blocks. */
    boolean send(byte[] frame) {
        End why;
        boolean pending;
        synchronized (this) {
            if (over) {
                return false;
            }
            backlog.add(frame);
            backlogBytes += frame.length;
            why = waiting ? null : writeWhileReady();
            // One frame may wait whatever its size (a big traffic sample), as long as the client keeps reading.
            if (why == null && (backlog.size() > maxFrames || (backlogBytes > maxBytes && backlog.size() > 1))) {
                why = End.SLOW;
            }
            if (why == null) {
                return true;
            }
            pending = finish();
        }
        ended.ended(why, pending);
        return false;
    }

    /** Ends the stream (once; later calls do nothing). */
    void end() {
        endWith(End.CLOSED);
    }

    @Override
    public void onWritePossible() {
        End why;
        boolean pending;
        synchronized (this) {
            waiting = false;
            if (over || (why = writeWhileReady()) == null) {
                return;
            }
            pending = finish();
        }
        ended.ended(why, pending);
    }

    @Override
    public void onError(Throwable t) {
        endWith(End.FAILED);
    }

    private void endWith(End why) {
        boolean pending;
        synchronized (this) {
            if (over) {
                return;
            }
            pending = finish();
        }
        ended.ended(why, pending);
    }

    /**
     * Writes the backlog, then flushes it, for as long as the connection is ready (each call returns at once); null,
     * or FAILED if the output failed.
     */
    private End writeWhileReady() {
        try {
            while (out.isReady()) {
                byte[] next = backlog.poll();
                if (next != null) {
                    backlogBytes -= next.length;
                    out.write(next);
                    unflushed = true;
                } else if (unflushed) {
                    unflushed = false;
                    out.flush();
                } else {
                    return null;
                }
            }
            waiting = true;
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            // The connection is gone, or its response was ended under it: either way this stream is over.
            return End.FAILED;
        }
    }

    /** Marks the stream over and drops its backlog; true if anything was still unsent. */
    private boolean finish() {
        over = true;
        boolean pending = waiting || unflushed || !backlog.isEmpty();
        backlog.clear();
        backlogBytes = 0;
        return pending;
    }
}
