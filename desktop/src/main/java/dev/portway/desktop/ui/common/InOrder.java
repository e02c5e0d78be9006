// Runs tasks on another executor one at a time, in the order they were given; a task that fails is reported and the
// next one still runs.
package dev.portway.desktop.ui.common;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

final class InOrder implements Executor {
    private final Executor executor;
    private final Consumer<RuntimeException> onFailure;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;

    InOrder(Executor executor, Consumer<RuntimeException> onFailure) {
        this.executor = executor;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }
    }
}
