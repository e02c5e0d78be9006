// "portway server" as a real child process on fixed loopback ports, so it can be killed and started again on the
// same ports and data directory.
package dev.portway.agent.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
        List<Integer> taken = new ArrayList<>();
        apiPort = freePort(taken);
        httpPort = freePort(taken);
        httpsPort = freePort(taken);
        tunnelPort = freePort(taken);
        int first;
        do {
            first = freePort(taken);
        } while (!free(first + 1) || !free(first + 2) || !free(first + 3) || taken.contains(first + 1)
                || taken.contains(first + 2) || taken.contains(first + 3));
        tcpFirst = first;
    }

    /** A port outside the kernel's ephemeral range (32768-60999), so no outgoing connection takes it meanwhile. */
    private static int freePort(List<Integer> taken) {
        for (int i = 0; i < 1000; i++) {
            int p = ThreadLocalRandom.current().nextInt(21000, 32000);
            if (!taken.contains(p) && free(p)) {
                taken.add(p);
                return p;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
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
