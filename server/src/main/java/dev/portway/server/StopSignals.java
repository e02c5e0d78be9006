// SIGTERM and SIGINT for the server: the first starts a graceful stop, a second one ends the process at once.
// (Shutdown hooks cannot tell the two apart: the JVM ignores signals while its hooks run.) A server "portway up"
// started ignores SIGINT: a Ctrl-C in the terminal they share reaches both, and up stops its server itself, after the
// app has deleted its temporary sockets through it. Up does so by closing the server's standard input, which counts
// as a signal: Windows has no SIGTERM (Process.destroy is TerminateProcess there, with no graceful stop), and a
// server whose up was killed outright stops too instead of running on alone.
package dev.portway.server;

import java.io.IOException;
import java.io.InputStream;
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
        Runnable signalled = () -> {
            if (count.incrementAndGet() == 1) {
                firstSignal.run();
            } else {
                System.err.println("portway server: stopping now, without waiting for transfers");
                Runtime.getRuntime().halt(1);
            }
        };
        SignalHandler handler = signal -> signalled.run();
        Signal.handle(new Signal("TERM"), handler);
        boolean byUp = env.containsKey(STOPPED_BY_UP);
        Signal.handle(new Signal("INT"), byUp ? SignalHandler.SIG_IGN : handler);
        if (byUp) {
            Thread watch = new Thread(() -> {
                awaitEnd(System.in);
                signalled.run();
            }, "portway-stdin-watch");
            watch.setDaemon(true);
            watch.start();
        }
    }

    /** Returns when the stream ends (or fails: up is gone either way); what up might write is read and dropped. */
    static void awaitEnd(InputStream in) {
        byte[] skip = new byte[256];
        try {
            while (in.read(skip) >= 0) {
                // nothing is said on it
            }
        } catch (IOException e) {
            // as closed
        }
    }
}
