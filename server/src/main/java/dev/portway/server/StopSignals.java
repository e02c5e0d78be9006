// SIGTERM and SIGINT for the server: the first starts a graceful stop, a second one ends the process at once.
// (Shutdown hooks cannot tell the two apart: the JVM ignores signals while its hooks run.) A server "portway up"
// started ignores SIGINT: a Ctrl-C in the terminal they share reaches both, and up stops its server itself, after the
// app has deleted its temporary sockets through it.
package dev.portway.server;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

final class StopSignals {
    private StopSignals() {
    }

    /** Set by "portway up" for the server it starts. */
    static final String STOPPED_BY_UP = "PORTWAY_STOPPED_BY_UP";

    static void install(Runnable firstSignal, java.util.Map<String, String> env) {
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
        Signal.handle(new Signal("INT"), env.containsKey(STOPPED_BY_UP) ? SignalHandler.SIG_IGN : handler);
    }
}
