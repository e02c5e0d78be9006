// What the CLI tells about a tcp, tls or udp socket's URL: its address and a command that reaches it (ssh only for a
// local ssh server on port 22, dig only for a local DNS server on port 53, nc for any other service).
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RawAddressTest {
    @Test
    void httpUrlsHaveNoRawAddress() {
        assertTrue(RawAddress.of("http://a.localhost:8080/").isEmpty());
        assertTrue(RawAddress.of("https://a.example.com/").isEmpty());
        assertTrue(RawAddress.of(null).isEmpty());
        assertTrue(RawAddress.of("not a url").isEmpty());
    }

    @Test
    void tcpAndTlsUrlsGiveTheAddressAndACommand() {
        String local = "http://127.0.0.1:7070";
        RawAddress tcp = RawAddress.of("tcp://calm-owl-1.example.com:20001").orElseThrow();
        assertEquals("calm-owl-1.example.com:20001", tcp.address());
        assertEquals("ssh -p 20001 user@calm-owl-1.example.com",
                tcp.command("https://portway.example.com:7070", 22));
        RawAddress tls = RawAddress.of("tls://calm-owl-1.localhost:20002").orElseThrow();
        assertEquals("openssl s_client -connect 127.0.0.1:20002 -servername calm-owl-1.localhost",
                tls.command(local, 22));
        assertEquals("ssh -p 20003 user@127.0.0.1", RawAddress.of("tcp://x.localhost:20003").orElseThrow()
                .command("http://localhost:7070", 22));
    }

    /** Names under localhost resolve on the visitor's own machine only: the hint dials the server's host. */
    @Test
    void aLocalhostNameOnAnotherMachineDialsTheServersHost() {
        RawAddress tcp = RawAddress.of("tcp://x.localhost:20003").orElseThrow();
        assertEquals("ssh -p 20003 user@203.0.113.7", tcp.command("https://203.0.113.7:7070", 22));
        assertEquals("ssh -p 20003 user@box.lan", tcp.command("https://box.lan:7070/", 22));
        RawAddress tls = RawAddress.of("tls://x.localhost:20004").orElseThrow();
        assertEquals("openssl s_client -connect box.lan:20004 -servername x.localhost",
                tls.command("https://box.lan:7070", 22));
        assertEquals("openssl s_client -connect [2001:db8::7]:20004 -servername x.localhost",
                tls.command("https://[2001:db8::7]:7070", 22));
        assertEquals("ssh -p 20003 user@2001:db8::7", tcp.command("https://[2001:db8::7]:7070", 22));
    }

    @Test
    void aTcpPortOtherThanSshIsTriedWithNc() {
        RawAddress tcp = RawAddress.of("tcp://x.localhost:21002").orElseThrow();
        assertEquals("nc 127.0.0.1 21002", tcp.command("http://127.0.0.1:7070", 8000));
        assertEquals("nc 203.0.113.7 21002", tcp.command("https://203.0.113.7:7070", 5432));
        assertEquals("nc calm-owl-1.example.com 21002", RawAddress.of("tcp://calm-owl-1.example.com:21002")
                .orElseThrow().command("https://portway.example.com:7070", 2222));
        assertEquals("openssl s_client -connect 127.0.0.1:21003 -servername x.localhost",
                RawAddress.of("tls://x.localhost:21003").orElseThrow().command("http://127.0.0.1:7070", 8443));
    }

    @Test
    void aUdpUrlGivesTheAddressAndDigForADnsServerElseNcU() {
        RawAddress udp = RawAddress.of("udp://calm-owl-1.example.com:20005").orElseThrow();
        assertEquals("udp", udp.type());
        assertEquals("calm-owl-1.example.com:20005", udp.address());
        assertEquals("dig @calm-owl-1.example.com -p 20005 example.com",
                udp.command("https://portway.example.com:7070", 53));
        assertEquals("nc -u calm-owl-1.example.com 20005", udp.command("https://portway.example.com:7070", 19132));
        assertEquals("dig @127.0.0.1 -p 20006 example.com", RawAddress.of("udp://x.localhost:20006").orElseThrow()
                .command("http://localhost:7070", 53));
        assertEquals("nc -u 203.0.113.7 20006", RawAddress.of("udp://x.localhost:20006").orElseThrow()
                .command("https://203.0.113.7:7070", 27015));
    }
}
