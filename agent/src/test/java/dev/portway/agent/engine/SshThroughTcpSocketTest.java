// The seed's use case: a real OpenSSH server reached through a tcp socket's dedicated port with ssh and scp.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class SshThroughTcpSocketTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Sshd sshd;
    Harness h;
    TunnelAgent agent;
    int port;
    final String user = System.getProperty("user.name");

    @BeforeEach
    void start() throws Exception {
        sshd = Sshd.start(dir.resolve("sshd"));
        h = Harness.start(dir.resolve("server"));
        Harness.Tunnel t = h.create("tcp");
        agent = h.connectAndAwaitOnline(t, sshd.port, new RecordingListener());
        port = t.socket().tcpPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (h != null) {
            h.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void sshRunsACommand() throws Exception {
        assertEquals("hello\n", ssh("echo", "hello"), sshd.log());
    }

    @Test
    void scpCopiesFiftyMiBThereAndBackChecksumEqual() throws Exception {
        Path original = dir.resolve("original.bin");
        try (InputStream in = new PatternStream(50L * 1024 * 1024, 22)) {
            Files.copy(in, original);
        }
        Path remote = dir.resolve("remote.bin");
        Path back = dir.resolve("back.bin");
        scp(original.toString(), user + "@127.0.0.1:" + remote);
        scp(user + "@127.0.0.1:" + remote, back.toString());

        String expected = PatternStream.sha256(50L * 1024 * 1024, 22);
        assertEquals(expected, sha256(remote), "the copy on the server side");
        assertEquals(expected, sha256(back), "the copy fetched back");
    }

    private String ssh(String... remoteCommand) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port)));
        command.addAll(sshd.clientOptions());
        command.add(user + "@127.0.0.1");
        command.addAll(List.of(remoteCommand));
        return Sshd.run(COMMAND_TIMEOUT, command.toArray(String[]::new));
    }

    private void scp(String from, String to) throws Exception {
        List<String> command = new ArrayList<>(List.of("scp", "-P", String.valueOf(port)));
        command.addAll(sshd.clientOptions());
        command.addAll(List.of(from, to));
        Sshd.run(COMMAND_TIMEOUT, command.toArray(String[]::new));
    }

    private static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return PatternStream.sha256(in);
        }
    }
}
