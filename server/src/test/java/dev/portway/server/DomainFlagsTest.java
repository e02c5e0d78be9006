// The custom domain flags on the command line: a bad --resolver or --max-custom-domains-… is one line and exit 2,
// before anything is started or written.
package dev.portway.server;

import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainFlagsTest {
    @TempDir
    Path dir;

    @Test
    void aBadResolverIsOneLine() {
        for (String bad : new String[]{"1.1.1.1", "dns.example:0", ":53", "1.1.1.1:99999", "::1:53", "a b:53"}) {
            MainRuns.Run r = run("--resolver", bad, "--data", dir.resolve("data").toString());
            assertEquals(2, r.code(), bad);
            assertEquals("portway server: --resolver must be HOST:PORT of a DNS server, like 1.1.1.1:53 or"
                    + " [2606:4700:4700::1111]:53, not \"" + bad + "\"", r.err().strip());
        }
        assertFalse(Files.exists(dir.resolve("data")), "nothing started");
    }

    @Test
    void aBadDomainLimitIsOneLine() {
        MainRuns.Run r = run("--max-custom-domains-per-user", "0", "--data", dir.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--max-"), r.err());
    }
}
