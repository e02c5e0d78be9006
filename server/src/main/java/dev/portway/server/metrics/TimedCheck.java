// A readiness check that answers in bounded time: one that has not answered within its timeout counts as not ready
// (a database that hangs would otherwise hang /readyz, and every probe would pile up another waiting thread).
package dev.portway.server.metrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

public final class TimedCheck implements BooleanSupplier {
    private final BooleanSupplier check;
    private final Duration timeout;
    private final Executor runner;
    /** The check under way, if any: probes while it hangs wait on it rather than start another. */
    private CompletableFuture<Boolean> running;

    public TimedCheck(BooleanSupplier check, Duration timeout) {
        this.check = check;
        this.timeout = timeout;
        this.runner = task -> {
            Thread t = new Thread(task, "portway-readiness");
            t.setDaemon(true);
            t.start();
        };
    }

    @Override
    public boolean getAsBoolean() {
        CompletableFuture<Boolean> answer = start();
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized CompletableFuture<Boolean> start() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(check::getAsBoolean, runner);
        }
        return running;
    }
}
