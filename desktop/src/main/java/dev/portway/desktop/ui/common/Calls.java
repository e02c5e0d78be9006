// Runs slow work (network calls, files) off the FX thread and hands its result, or what went wrong in plain words,
// back on it.
package dev.portway.desktop.ui.common;

import dev.portway.agent.engine.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

public final class Calls {
    /** Work that may fail. */
    public interface Work<T> {
        T get() throws Exception;
    }

    private final Executor background;
    private final Executor fx;

    /** background runs the work; fx runs what follows (Platform::runLater in the app, Runnable::run in tests). */
    public Calls(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    public <T> void run(Work<T> work, Consumer<T> ok, Consumer<String> failed) {
        background.execute(() -> {
            T result;
            try {
                result = work.get();
            } catch (Exception e) {
                String why = plain(e);
                fx.execute(() -> failed.accept(why));
                return;
            }
            fx.execute(() -> ok.accept(result));
        });
    }

    public void fx(Runnable task) {
        fx.execute(task);
    }

    /** The API's own words; a file problem as what it is; anything else named, since it is a bug. */
    static String plain(Exception e) {
        if (e instanceof ApiException) {
            return e.getMessage();
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return "Could not read or write a file: " + e.getMessage();
        }
        return "Something went wrong: " + e;
    }
}
