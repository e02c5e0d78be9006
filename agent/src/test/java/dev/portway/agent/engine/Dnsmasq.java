// A real DNS server for tests: dnsmasq in the foreground on a free loopback UDP port, answering the names on its
// command line and nothing else (no upstream, no /etc/hosts); stopped on close. Also runs dig against a port.
package dev.portway.agent.engine;

import static org.awaitility.Awaitility.await;

import dev.portway.server.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class Dnsmasq implements AutoCloseable {
    final int port;
    private final Path log;
    private final Process process;

    private Dnsmasq(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts dnsmasq answering each name with its address; returns once dig gets those answers from it directly. */
    static Dnsmasq start(Path dir, Map<String, String> records) throws IOException {
        Files.createDirectories(dir);
        int port = TestServers.freeRange(1);
        Path log = dir.resolve("dnsmasq.log");
        // --user=root: run as root, dnsmasq would otherwise drop to "nobody", which a CI container may not have.
        List<String> command = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--pid-file=", "--user=root"));
        records.forEach((name, address) -> command.add("--address=/" + name + "/" + address));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Dnsmasq dnsmasq = new Dnsmasq(port, log, process);
        try {
            await().atMost(Duration.ofSeconds(20)).failFast("dnsmasq exited", () -> !process.isAlive())
                    .ignoreExceptions().until(() -> records.entrySet().stream()
                            .allMatch(r -> dig(port, r.getKey()).equals(r.getValue())));
        } catch (RuntimeException e) {
            String output = dnsmasq.log();
            dnsmasq.close();
            throw new AssertionError("dnsmasq did not start: " + output, e);
        }
        return dnsmasq;
    }

    /** dig's short answer (the addresses, one a line, trimmed) for name asked of 127.0.0.1:port: one try of 2 s. */
    static String dig(int port, String name) {
        try {
            return Sshd.run(Duration.ofSeconds(10), "dig", "@127.0.0.1", "-p", "" + port, name, "+short", "+tries=1",
                    "+time=2").trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
