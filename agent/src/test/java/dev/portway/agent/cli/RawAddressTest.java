// What the CLI tells about a tcp or tls socket's URL: its address and a command that reaches it.
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
        RawAddress tcp = RawAddress.of("tcp://calm-owl-1.example.com:20001").orElseThrow();
        assertEquals("calm-owl-1.example.com:20001", tcp.address());
        assertEquals("ssh -p 20001 user@calm-owl-1.example.com", tcp.command());
        RawAddress tls = RawAddress.of("tls://calm-owl-1.localhost:20002").orElseThrow();
        assertEquals("openssl s_client -connect 127.0.0.1:20002 -servername calm-owl-1.localhost",
                tls.command());
        assertEquals("ssh -p 20003 user@127.0.0.1", RawAddress.of("tcp://x.localhost:20003").orElseThrow().command());
    }
}
