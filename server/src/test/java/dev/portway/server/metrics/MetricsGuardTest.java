// Who may read /metrics on the API port, by the connection's own address: loopback callers, or anyone with the
// token; a proxy header makes a loopback caller one from elsewhere.
package dev.portway.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ErrorCode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsGuardTest {
    @TempDir
    Path dir;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void loopbackIsTheWholeLoopbackRangeUnlessAProxyRelaysIt() throws Exception {
        MetricsGuard guard = MetricsGuard.loopbackOnly();
        assertNull(guard.refusal(ip("127.0.0.1"), false, null));
        assertNull(guard.refusal(ip("127.0.0.2"), false, null));
        assertNull(guard.refusal(ip("::1"), false, null));
        assertEquals(ErrorCode.FORBIDDEN, guard.refusal(ip("127.0.0.1"), true, null).code());
        assertEquals(ErrorCode.FORBIDDEN, guard.refusal(ip("192.0.2.10"), false, "Bearer anything").code());
    }

    @Test
    void aRemoteCallerNeedsExactlyTheToken() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "\tabc123\r\n");
        MetricsGuard guard = MetricsGuard.fromFile(file);
        InetAddress remote = ip("192.0.2.10");
        assertNull(guard.refusal(remote, false, "Bearer abc123"));
        assertNull(guard.refusal(remote, false, "bearer abc123"));
        for (String wrong : new String[]{null, "", "Bearer ", "Bearer abc12", "Bearer abc1234", "Basic abc123",
            "abc123"}) {
            assertEquals(ErrorCode.UNAUTHORIZED, guard.refusal(remote, false, wrong).code(), String.valueOf(wrong));
        }
        assertNull(guard.refusal(ip("127.0.0.1"), false, null), "this machine needs none");
    }

    @Test
    void aTokenFileThatIsEmptyTooBigOrAbsentIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");
        Path big = Files.writeString(dir.resolve("big"), "x".repeat(MetricsGuard.MAX_TOKEN_FILE + 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricsGuard.fromFile(empty)).getMessage()
                .endsWith("is empty; put a long random token in it (for example the output of: openssl rand -hex"
                        + " 32)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricsGuard.fromFile(big)).getMessage()
                .contains("is over 4096 bytes"));
        assertEquals("--metrics-token-file " + dir.resolve("nope") + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> MetricsGuard.fromFile(dir.resolve("nope")))
                        .getMessage());
    }
}
