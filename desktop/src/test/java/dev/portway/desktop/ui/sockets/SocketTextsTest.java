// The app's terminal hint for a tcp, tls or udp socket dials the server it is signed in to for names under localhost,
// and suggests ssh only when a tunnel exposes local port 22, dig only for 53 (the command line's rule); the access line
// names e-mail sign-in.
package dev.portway.desktop.ui.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.desktop.ui.tunnel.TunnelModel;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.SocketInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketTextsTest {
    private static final List<Integer> SSH = List.of(8000, 22);

    private static SocketInfo socket(String type, String dns, int port) {
        return new SocketInfo("s1", "home", dns, type, type + "://" + dns + ":" + port, port, dns + ":" + port,
                false, null, List.of(), "2026-12-01T10:00:00Z", List.of());
    }

    @Test
    void aLocalhostNameOnAnotherServerDialsThatServer() {
        assertEquals("ssh -p 20001 user@203.0.113.7",
                SocketTexts.hint(socket("tcp", "calm-owl-1.localhost", 20001), "https://203.0.113.7:7070", SSH));
        assertEquals("openssl s_client -connect box.lan:20002 -servername calm-owl-1.localhost",
                SocketTexts.hint(socket("tls", "calm-owl-1.localhost", 20002), "https://box.lan:7070", SSH));
    }

    @Test
    void aLocalServerOrARealNameIsDialledAsBefore() {
        assertEquals("ssh -p 20001 user@127.0.0.1",
                SocketTexts.hint(socket("tcp", "calm-owl-1.localhost", 20001), "http://127.0.0.1:7070", SSH));
        assertEquals("ssh -p 20001 user@calm-owl-1.example.com",
                SocketTexts.hint(socket("tcp", "calm-owl-1.example.com", 20001), "https://203.0.113.7:7070", SSH));
    }

    @Test
    void aTcpSocketOfAnotherServiceOrWithoutTunnelsIsTriedWithNc() {
        assertEquals("nc 127.0.0.1 20001",
                SocketTexts.hint(socket("tcp", "calm-owl-1.localhost", 20001), "http://127.0.0.1:7070", List.of(5432)));
        assertEquals("nc calm-owl-1.example.com 20001",
                SocketTexts.hint(socket("tcp", "calm-owl-1.example.com", 20001), null, List.of()));
        assertEquals("", SocketTexts.hint(socket("http", "calm-owl-1.localhost", 8080), null, List.of()));
    }

    private static SocketInfo udp(String dns, int port) {
        return new SocketInfo("s1", "dns", dns, "udp", "udp://" + dns + ":" + port, null, dns + ":" + port, false,
                null, List.of(), "2026-12-01T10:00:00Z", List.of(), List.of(), null, List.of(), List.of(), port);
    }

    /** A udp socket: its address, dig when a tunnel exposes a DNS server (53), else nc -u. */
    @Test
    void aUdpSocketShowsItsAddressAndIsTriedWithDigOrNcU() {
        SocketInfo dns = udp("calm-owl-1.localhost", 20053);
        assertEquals("calm-owl-1.localhost:20053", SocketTexts.endpoint(dns));
        assertEquals("dig @127.0.0.1 -p 20053 example.com", SocketTexts.hint(dns, "http://127.0.0.1:7070",
                List.of(53)));
        assertEquals("nc -u 203.0.113.7 20053", SocketTexts.hint(dns, "https://203.0.113.7:7070", List.of(19132)));
        assertEquals("nc -u calm-owl-1.example.com 20053", SocketTexts.hint(udp("calm-owl-1.example.com", 20053),
                null, List.of()));
    }

    @Test
    void theHintFollowsThePortItsTunnelExposes() {
        SocketModel s = new SocketModel(socket("tcp", "calm-owl-1.localhost", 20001), "http://127.0.0.1:7070");
        assertEquals("nc 127.0.0.1 20001", s.hintProperty().get());
        TunnelModel t = new TunnelModel("t1", "s1");
        t.portProperty().set(22);
        s.tunnels().add(t);
        assertEquals("ssh -p 20001 user@127.0.0.1", s.hintProperty().get());
        t.portProperty().set(5432);
        assertEquals("nc 127.0.0.1 20001", s.hintProperty().get());
    }

    @Test
    void theAccessLineNamesEmailSignInAndCountsALongList() {
        SocketInfo two = new SocketInfo("s1", "team", "t.localhost", "https", "https://t.localhost", null, null, false,
                null, List.of(), "2026-12-01T10:00:00Z", List.of(), List.of(), null, List.of("ann@example.org"),
                List.of("example.com"));
        assertEquals("sign-in by e-mail (ann@example.org, anyone at example.com) · open to any address",
                SocketTexts.access(two));
        assertEquals("3 addresses, 1 domain", SocketTexts.emails(List.of("a@x.org", "b@x.org", "c@x.org"),
                List.of("x.com")));
        assertEquals("anyone at x.com, anyone at y.com", SocketTexts.emails(List.of(), List.of("x.com", "y.com")));
    }

    @Test
    void theCertificateLineSaysWhoIssuedItAndUntilWhen() {
        CertificateInfo issued = new CertificateInfo("Pebble Intermediate CA 5f1a", List.of("*.example.net"),
                "2026-12-07T12:00:00Z", "2027-03-07T12:00:00Z", null);
        assertEquals("Pebble Intermediate CA 5f1a · valid until 7 Mar 2027", SocketTexts.certificate(issued));
        assertEquals("", SocketTexts.certificateError(issued));
        CertificateInfo failing = new CertificateInfo(null, List.of(), null, "not a time", "rate limited");
        assertEquals("unknown issuer · valid until not a time", SocketTexts.certificate(failing));
        assertEquals("rate limited", SocketTexts.certificateError(failing));
        assertEquals("", SocketTexts.certificate(null), "none said: no line");
        CertificateInfo fromTheApi = new CertificateInfo("CN=R11,O=Let's Encrypt,C=US", List.of("a.example.net"),
                "2026-12-07T12:00:00Z", "2027-03-07T12:00:00Z", null);
        assertEquals("R11 (Let's Encrypt) · valid until 7 Mar 2027", SocketTexts.certificate(fromTheApi),
                "the issuer's X.500 name as a person names it");

        SocketModel s = new SocketModel(new SocketInfo("s1", "home", "calm-owl-1.example.net", "https",
                "https://calm-owl-1.example.net", null, null, false, null, List.of(), "2026-12-01T10:00:00Z",
                List.of(), List.of(), issued), null);
        assertEquals("Pebble Intermediate CA 5f1a · valid until 7 Mar 2027", s.certificateProperty().get());
        assertEquals("", s.certificateErrorProperty().get());
    }
}
