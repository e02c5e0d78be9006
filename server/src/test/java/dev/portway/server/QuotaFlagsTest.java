// The quota flags on the command line: a bad --signup-rate or --max-ports-per-user is one line and exit 2.
package dev.portway.server;

import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaFlagsTest {
    @TempDir
    Path dir;

    @Test
    void badQuotaFlagsAreOneLine() {
        MainRuns.Run rate = run("--signup-rate", "5 an hour", "--data", dir.toString());
        assertEquals(2, rate.code());
        assertEquals("portway server: --signup-rate takes sign-ups per address like 5/h (a whole number from 1, then"
                + " /s, /m, /h or /d), not \"5 an hour\"", rate.err().strip());
        MainRuns.Run ports = run("--max-ports-per-user", "0", "--data", dir.toString());
        assertEquals(2, ports.code());
        assertEquals(1, ports.err().strip().lines().count(), ports.err());
        assertTrue(ports.err().contains("--max-"), ports.err());
    }
}
