// "portway server" as a real child process on fixed loopback ports, so it can be killed and started again on the
// same ports and data directory.
package dev.portway.agent.reliability;

import static dev.portway.server.TestServers.freeRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

final class ServerProc implements AutoCloseable {
    final String name;
    final Path data;
    final int apiPort;
    final int httpPort;
    final int httpsPort;
    final int tunnelPort;
    final int tcpFirst;
    final List<String> flags;
    Child child;
    private int starts;

    ServerProc(String name, Path data, String... flags) throws IOException {
        this.name = name;
        this.data = data;
        this.flags = List.of(flags);
        apiPort = freeRange(1);
        httpPort = freeRange(1);
        httpsPort = freeRange(1);
        tunnelPort = freeRange(1);
        tcpFirst = freeRange(4);
    }

    /** Starts the server and waits for "ready"; returns how long that took. */
    Duration start() throws IOException {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--bind", "127.0.0.1",
                "--api-port", "" + apiPort, "--http-port", "" + httpPort, "--https-port", "" + httpsPort,
                "--tunnel-port", "" + tunnelPort, "--tcp-ports", tcpFirst + "-" + (tcpFirst + 3)));
        args.addAll(flags);
        long t0 = System.nanoTime();
        child = Child.java("server-" + name + "-" + (++starts), dev.portway.server.Main.class, Map.of(),
                jvmArgs("-Xmx2g"), args.toArray(String[]::new));
        child.awaitLine(0, "ready"::equals, Duration.ofSeconds(90));
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** With -Dreliability.debug=true the children log Portway's debug lines too (in target/reliability/logs). */
    static List<String> jvmArgs(String heap) {
        return Boolean.getBoolean("reliability.debug")
                ? List.of(heap, "-Dorg.slf4j.simpleLogger.log.dev.portway=debug") : List.of(heap);
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** Open file descriptors of the server process, from /proc. */
    long fds() {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(child.pid()), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The soft limit on open files the server runs with. */
    long fdLimit() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "limits"))) {
            if (l.startsWith("Max open files")) {
                return Long.parseLong(l.substring(25).trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
