// A test's helper program (Pebble, challtestsrv): started with its output in a log, awaited until its ports
// listen, and stopped on close — or when the test JVM exits without closing it, so that none is left behind.
package dev.portway.server.acme;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

final class TestDaemon implements AutoCloseable {
    private final Process process;
    private final Thread reaper;

    private TestDaemon(Process process) {
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "reap " + process.pid());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the program with its output in log; returns once every one of ports accepts connections. */
    static TestDaemon start(ProcessBuilder builder, Path log, int... ports) throws Exception {
        TestDaemon daemon = new TestDaemon(builder.redirectErrorStream(true).redirectOutput(log.toFile()).start());
        String name = builder.command().get(0);
        try {
            Awaitility.await(name + " listening").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!daemon.process.isAlive()) {
                            throw new IllegalStateException(name + " exited: " + Files.readString(log));
                        }
                        for (int port : ports) {
                            if (!listening(port)) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // The JVM is exiting already: the hook runs anyway, on a process that is gone.
        }
    }
}
