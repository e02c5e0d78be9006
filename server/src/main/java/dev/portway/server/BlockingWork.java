// The server's threads for blocking work (the store, password checks), so that no event loop waits on them; work
// handed in while the server stops is dropped, or run on the caller's thread where it must not be lost.
package dev.portway.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

final class BlockingWork implements AutoCloseable {
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "portway-blocking");
        t.setDaemon(true);
        return t;
    });

    /** For the parts that take an executor of their own. */
    ExecutorService executor() {
        return threads;
    }

    /** Runs the work on a blocking thread; once the server stops, nobody is left to tell and it is dropped. */
    void offLoop(Runnable work) {
        try {
            threads.execute(work);
        } catch (RejectedExecutionException e) {
            // Stopping: nobody is left to tell.
        }
    }

    /** Runs the work on a blocking thread, or here once the server stops: what it saves must not be lost. */
    void surely(Runnable work) {
        try {
            threads.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }

    /** Waits up to 5 s for the work already handed in. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
