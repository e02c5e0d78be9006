// What a SIGTERM, a Ctrl-C or a logout (a JVM shutdown) runs for the desktop commands, one step after another. The
// JVM starts all its shutdown hooks at once, in no order, but the app's clean-up deletes its temporary sockets
// through the local server that "portway up" stops: so there is one hook, and its steps run in their phase's order.
package dev.portway.desktop.system;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public final class ShutdownSteps {
    /** When a step runs: the app's clean-up first, then the processes the command started are stopped. */
    public enum Phase {
        CLEAN_UP, STOP_SERVER
    }

    private record Step(Phase phase, Runnable work) {
    }

    private static final ShutdownSteps PROCESS = new ShutdownSteps();

    private final List<Step> steps = new CopyOnWriteArrayList<>();
    private boolean installed;

    ShutdownSteps() {
    }

    /** This process's steps, run by one JVM shutdown hook. */
    public static ShutdownSteps process() {
        return PROCESS;
    }

    /**
     * Adds a step for a shutdown of the JVM; the returned action takes it back (a command that ended normally has
     * done its step already, and a shutdown hook also runs after a normal exit).
     */
    public synchronized Runnable add(Phase phase, Runnable work) {
        if (this == PROCESS && !installed) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::run, "portway-shutdown"));
            installed = true;
        }
        Step step = new Step(phase, work);
        steps.add(step);
        return () -> steps.remove(step);
    }

    /** Runs every step, phase by phase; a failing step does not keep the next ones from running. */
    void run() {
        for (Phase phase : Phase.values()) {
            for (Step step : steps) {
                if (step.phase() == phase) {
                    try {
                        step.work().run();
                    } catch (RuntimeException e) {
                        System.err.println("portway: at shutdown: " + e.getMessage());
                    }
                }
            }
        }
    }
}
