// On a JVM that says it runs macOS or Windows, the default transport is NIO, and Netty refuses epoll by the system's
// name before it looks for a native library (none is shipped for those systems).
package dev.portway.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportsOnOtherSystemsTest {
    private static String choice(String osName) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dos.name=" + osName, "-cp", System.getProperty("java.class.path"),
                TransportChoice.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void macOsAndWindowsGetNioWithoutTryingEpollsLibrary() throws Exception {
        // The epoll library is on this class path (a test dependency): only the system's name keeps it from loading.
        for (String os : List.of("Mac OS X", "Windows 11")) {
            assertEquals("nio|Only supported on Linux", choice(os), os);
        }
    }
}
