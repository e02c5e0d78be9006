// TXT records are read through the resolver given, here pebble-challtestsrv.
package dev.portway.server.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxtLookupTest {
    @TempDir
    static Path dir;
    private static ChallTestSrv dns;

    @BeforeAll
    static void start() throws Exception {
        dns = ChallTestSrv.start(dir.resolve("challtestsrv.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
    }

    @Test
    void readsWhatTheResolverAnswersAndNothingForANameWithout() throws Exception {
        TxtLookup lookup = new TxtLookup(dns.dnsAddress());
        assertEquals(List.of(), lookup.txt("_acme-challenge.example.org."));
        dns.setTxt("_acme-challenge.example.org.", "LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM");
        dns.setTxt("_acme-challenge.example.org.", "second-value");
        assertEquals(List.of("LHDhK3oGRvkiefQnx7OOczTY5Tic_xZ6HcMOc_gmtoM", "second-value"),
                lookup.txt("_acme-challenge.example.org.").stream().sorted().toList());
        dns.clearTxt("_acme-challenge.example.org.");
        assertEquals(List.of(), lookup.txt("_acme-challenge.example.org."));
    }

    @Test
    void nobodyAnsweringIsNoRecord() {
        assertEquals(List.of(), new TxtLookup("127.0.0.1:9").txt("_acme-challenge.example.org."));
    }
}
