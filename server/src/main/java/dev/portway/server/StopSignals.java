// SIGTERM and SIGINT for the server: the first starts a graceful stop, a second one ends the process at once.
// (Shutdown hooks cannot tell the two apart: the JVM ignores signals while its hooks run.)
package dev.portway.server;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

final class StopSignals {
    private StopSignals() {
    }

    static void install(Runnable firstSignal) {
        AtomicInteger count = new AtomicInteger();
        SignalHandler handler = signal -> {
            if (count.incrementAndGet() == 1) {
                firstSignal.run();
            } else {
                System.err.println("portway server: stopping now, without waiting for transfers");
                Runtime.getRuntime().halt(1);
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
