// The tarball's systemd unit passes systemd's own checks: "systemd-analyze verify" (syntax, every setting known,
// ExecStart executable) and "systemd-analyze security" (hardening rated OK), where systemd-analyze exists.
package dev.portway.installers.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class SystemdUnitTest {
    private static final String UNIT = "portway-server.service";
    /** systemd-analyze security's exposure, 0 to 100 (shown as 0.0 to 10.0); up to 2.0 it rates a unit "OK". */
    private static final int MAX_EXPOSURE = 20;

    @TempDir
    static Path dir;
    static Path home;
    static String unit;

    @BeforeAll
    static void unpack() throws Exception {
        home = ServerDist.unpack(dir.resolve("unpacked"));
        // The unit names the launcher where deploy.md installs it; verify checks that it exists and is executable,
        // so point it at the unpacked tarball's (the only change made to the file).
        unit = Files.readString(home.resolve("systemd/" + UNIT)).replace(ServerDist.INSTALL_DIR + "/",
                home + "/");
    }

    @Test
    void verifyFindsNothingToSay() throws Exception {
        Run r = analyze("verify", write("good", unit).toString());
        assertEquals(0, r.code, r.out);
        assertEquals("", r.out, "not even a warning");

        // The same check on a broken copy speaks up: the tool really reads the unit.
        Run broken = analyze("verify", write("broken", unit.replace("ProtectSystem=strict", "ProtectSystem=sturdy"))
                .toString());
        assertTrue(broken.out.contains("sturdy"), broken.out);
    }

    @Test
    void securityRatesTheHardeningOk() throws Exception {
        assumeTrue(systemdVersion() >= 250, "systemd-analyze security --offline needs systemd 250 or newer");
        Path file = write("good", unit);
        Run r = analyze("security", "--offline=yes", "--threshold=" + MAX_EXPOSURE, file.toString());
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("Overall exposure level for " + UNIT), r.out);

        // Without the hardening the same threshold fails: it measures something.
        String bare = unit.lines().filter(l -> !l.matches("(Protect|Private|Restrict|SystemCall|Capability|NoNew).*"))
                .reduce("", (a, l) -> a + l + "\n");
        Run weak = analyze("security", "--offline=yes", "--threshold=" + MAX_EXPOSURE,
                write("bare", bare).toString());
        assertNotEquals(0, weak.code, weak.out);
    }

    private static Path write(String folder, String text) throws IOException {
        Path file = Files.createDirectories(dir.resolve(folder)).resolve(UNIT);
        return Files.writeString(file, text);
    }

    private record Run(int code, String out) {
    }

    private static Run analyze(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no systemd-analyze on this machine (apt-get install systemd)");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    private static int systemdVersion() throws Exception {
        Matcher m = Pattern.compile("^systemd (\\d+)").matcher(analyze("--version").out);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
