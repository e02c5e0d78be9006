// The connect commands' output lines. A line printed on an event loop waits for the end of that loop's turn, so
// the request lines of all the exchanges that ended in one turn go out in one write instead of one synchronized
// println and write(2) each; a line printed on any other thread goes out at once, after those still waiting.
// The caller says which loop its lines come from (the runner makes the loop its tunnel runs on).
package dev.portway.agent.cli;

import io.netty.util.concurrent.EventExecutor;
import java.io.PrintStream;
import java.util.concurrent.RejectedExecutionException;

final class BatchedLines {
    private final PrintStream out;
    private final StringBuilder pending = new StringBuilder();
    private boolean flushScheduled;

    BatchedLines(PrintStream out) {
        this.out = out;
    }

    /** loop: the event loop of the tunnel whose line this is (null: none); the line waits only when printed on it. */
    void println(String line, EventExecutor loop) {
        boolean onLoop = loop != null && loop.inEventLoop();
        synchronized (this) {
            pending.append(line).append(System.lineSeparator());
            if (!onLoop) {
                flush();
            } else if (!flushScheduled) {
                flushScheduled = true;
                try {
                    loop.execute(this::flush); // a task runs once the loop has handled its ready channels
                } catch (RejectedExecutionException e) {
                    flush(); // the loop is shutting down
                }
            }
        }
    }

    /** Writes what waits; the runner calls it on its way out too, so no line is lost at exit. */
    synchronized void flush() {
        flushScheduled = false;
        if (!pending.isEmpty()) {
            out.print(pending);
            pending.setLength(0);
        }
        out.flush();
    }
}
