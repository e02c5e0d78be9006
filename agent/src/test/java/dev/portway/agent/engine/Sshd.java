// A real OpenSSH server for tests: its own host key, client key and config in a directory, on a free loopback port,
// started in the foreground and stopped on close. Also runs the OpenSSH client tools.
package dev.portway.agent.engine;

import dev.portway.server.TestServers;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class Sshd implements AutoCloseable {
    final Path dir;
    /** The private key whose public half the server accepts. */
    final Path clientKey;
    final int port;
    private final Path log;
    private final Process process;

    private Sshd(Path dir, Path clientKey, int port, Path log, Process process) {
        this.dir = dir;
        this.clientKey = clientKey;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Sets up keys and config in dir and starts sshd; returns once it answers with its SSH banner. */
    static Sshd start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("hostkey");
        Path clientKey = dir.resolve("clientkey");
        run(Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        run(Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
        Files.copy(dir.resolve("clientkey.pub"), dir.resolve("authorized_keys"));
        // sshd's privilege separation directory; the package creates it only when its service starts.
        Files.createDirectories(Path.of("/run/sshd"));
        int port = TestServers.freeRange(1);
        Path config = dir.resolve("sshd_config");
        Files.write(config, List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                // scp speaks SFTP since OpenSSH 9.0.
                "Subsystem sftp internal-sftp"));
        Path log = dir.resolve("sshd.log");
        Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Sshd sshd = new Sshd(dir, clientKey, port, log, process);
        try {
            await().atMost(Duration.ofSeconds(20)).failFast("sshd exited", () -> !process.isAlive())
                    .ignoreExceptions().until(() -> banner(port).startsWith("SSH-2.0-"));
        } catch (RuntimeException e) {
            String output = sshd.log();
            sshd.close();
            throw new AssertionError("sshd did not start: " + output, e);
        }
        return sshd;
    }

    private static String banner(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout(5_000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** The options every client call needs: this key, no user config, no host key prompts, no passwords. */
    List<String> clientOptions() {
        return List.of("-F", "/dev/null", "-i", clientKey.toString(), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR");
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Runs a command with no input; its output (stdout and stderr) once it exited 0, else an AssertionError. */
    static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("portway-cmd", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(new File("/dev/null")).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ": "
                        + Files.readString(out));
            }
            String output = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Session processes are children of this sshd; none should outlive the test.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
