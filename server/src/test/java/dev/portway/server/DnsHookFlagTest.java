// A --acme-dns-hook that cannot be split or run is one plain line and exit 2 at start, not an error at the first
// order hours later.
package dev.portway.server;

import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsHookFlagTest {
    @TempDir
    Path dir;

    @Test
    void aHookThatCannotRunIsOneLine() {
        MainRuns.Run missing = run("--acme-directory", "letsencrypt-staging", "--acme-dns-hook",
                "/nonexistent/dns-hook --zone example.org", "--data", dir.toString());
        assertEquals(2, missing.code());
        assertEquals("portway server: --acme-dns-hook: /nonexistent/dns-hook is not an executable file",
                missing.err().strip());
        MainRuns.Run open = run("--acme-directory", "letsencrypt-staging", "--acme-dns-hook", "sh -c 'exec hook",
                "--data", dir.toString());
        assertEquals(2, open.code());
        assertEquals("portway server: --acme-dns-hook: a single quote is not closed", open.err().strip());
    }
}
