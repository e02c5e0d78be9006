// --reserved-names (PORTWAY_RESERVED_NAMES): DNS labels separated by commas, lower-cased, blanks skipped; the default
// is api,admin,www,auth,mail; a label DNS refuses is one line on stderr and exit 2.
package dev.portway.server;

import dev.portway.server.config.NameRules;
import dev.portway.server.config.DnsLabel;
import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReservedNamesFlagTest {
    @TempDir
    Path dir;

    private static List<String> parsed(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return DnsLabel.parseList(main.reservedNames, "--reserved-names");
    }

    @Test
    void theDefaultIsTheContractsListAndAFlagReplacesIt() {
        assertEquals(List.of("api", "admin", "www", "auth", "mail"), parsed());
        assertEquals(NameRules.DEFAULTS.reserved(), parsed());
        assertEquals(List.of("status", "docs"), parsed("--reserved-names", " Status, docs,,status "));
        assertEquals(List.of(), parsed("--reserved-names", ""), "empty: nothing reserved");
    }

    @Test
    void aBadLabelIsOneLineAndExit2() {
        MainRuns.Run r = run("--reserved-names", "api,my_name", "--data", dir.toString());
        assertEquals(2, r.code());
        assertEquals("portway server: --reserved-names takes DNS labels separated by commas; \"my_name\" may not hold"
                + " \"_\": use letters a-z, digits and hyphens", r.err().strip());
        IllegalArgumentException dots = assertThrows(IllegalArgumentException.class,
                () -> DnsLabel.parseList("a.b", "--reserved-names"));
        assertEquals("--reserved-names takes DNS labels separated by commas; \"a.b\" may not hold dots: it is one"
                + " label, the server adds its domain", dots.getMessage());
    }
}
