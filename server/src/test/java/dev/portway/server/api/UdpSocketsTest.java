// udp sockets through the API: a UDP port of --udp-ports (UDP's own space), held while the socket exists.
package dev.portway.server.api;

import static dev.portway.server.ApiCalls.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.server.ApiCalls.Reply;
import dev.portway.server.ApiTestCase;
import dev.portway.server.TestServers;
import dev.portway.server.config.AccountLimits;
import dev.portway.server.config.ServerConfig;
import dev.portway.server.security.SignupRate;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class UdpSocketsTest extends ApiTestCase {
    /** One port, the same number for TCP and UDP: each kind of socket must take it from its own space. */
    private ServerConfig onePort() {
        int port = TestServers.freeRange(1);
        return TestServers.config(dir, port + "-" + port).toBuilder().udpPorts(port + "-" + port).build();
    }

    private Reply create(String token, String type) throws Exception {
        return call("POST", "sockets", token, "{\"socket_type\":\"" + type + "\"}");
    }

    /** The UDP port is held by the server: nobody else may bind it. */
    private static void assertHeld(int port) {
        assertThrows(BindException.class, () -> {
            try (DatagramSocket s = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                s.getLocalPort();
            }
        }, "udp port " + port + " is bound by the server");
    }

    @Test
    void aUdpSocketTakesAUdpPortThatATcpSocketOfTheSameNumberDoesNotHold() throws Exception {
        ServerConfig c = onePort();
        server = servers.start(c);
        int port = c.udpPortRange()[0];
        String token = signupAndLogin("udp@example.com");
        Reply tcp = create(token, "tcp");
        assertEquals(201, tcp.status(), String.valueOf(tcp.json()));
        assertEquals(port, tcp.json().get("tcp_port").asInt());

        Reply udp = create(token, "udp");
        assertEquals(201, udp.status(), String.valueOf(udp.json()));
        JsonNode s = udp.json();
        String dns = s.get("dns_name").asText();
        assertEquals("udp", s.get("socket_type").asText());
        assertEquals(port, s.get("udp_port").asInt(), "the udp range's port, though a tcp socket holds that number");
        assertTrue(s.path("tcp_port").isMissingNode(), s.toString());
        assertEquals(dns + ":" + port, s.get("address").asText());
        assertEquals("udp://" + dns + ":" + port, s.get("url").asText());
        assertHeld(port);
        JsonNode admin = call("GET", "admin/server", token, null).json();
        assertEquals("[" + port + "]", admin.get("udp_ports_in_use").toString());
        assertEquals(port, admin.at("/udp_ports/first").asInt());
        assertEquals("[" + port + "]", admin.get("tcp_ports_in_use").toString(), "the tcp socket's, apart");
        assertEquals("{\"flows_open\":0,\"flows_opened\":0,\"datagrams_in\":0,\"datagrams_out\":0,\"bytes_in\":0,"
                + "\"bytes_out\":0,\"dropped\":{\"no_tunnel\":0,\"not_allowed\":0,\"flows_per_socket\":0,"
                + "\"flows_per_address\":0,\"queue_full\":0,\"reply_queue_full\":0,\"too_large\":0}}",
                admin.get("udp").toString(),
                "this node's udp traffic, every drop reason listed");
        String id = s.get("socket_id").asText();
        assertEquals(port, call("GET", "sockets/" + id, token, null).json().get("udp_port").asInt());
        JsonNode listed = call("GET", "admin/sockets?type=udp", token, null).json();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(port, listed.get(0).get("udp_port").asInt(), "the admin's list shows the udp port");
        assertTrue(listed.get(0).path("tcp_port").isMissingNode(), listed.toString());
        JsonNode listedTcp = call("GET", "admin/sockets?type=tcp", token, null).json().get(0);
        assertEquals(port, listedTcp.get("tcp_port").asInt());
        assertTrue(listedTcp.path("udp_port").isMissingNode(), listedTcp.toString());

        Reply full = create(token, "udp");
        assertError(full, 409, "no_port_available");
        assertTrue(full.json().at("/error/message").asText().contains("UDP range " + port + "-" + port),
                full.json().toString());

        assertEquals(204, call("DELETE", "sockets/" + id, token, null).status());
        Reply again = create(token, "udp");
        assertEquals(201, again.status(), "a deleted udp socket's port is free again");
        assertEquals(port, again.json().get("udp_port").asInt());
    }

    @Test
    void aRestartKeepsTheUdpPortAndBindsItAgain() throws Exception {
        int first = TestServers.freeRange(20);
        ServerConfig c = TestServers.config(dir).toBuilder().udpPorts(first + "-" + (first + 19)).build();
        server = servers.start(c);
        String token = signupAndLogin("keep@example.com");
        Reply udp = create(token, "udp");
        assertEquals(201, udp.status(), String.valueOf(udp.json()));
        String id = udp.json().get("socket_id").asText();
        int port = udp.json().get("udp_port").asInt();
        assertTrue(port >= first && port <= first + 19, "port " + port + " in " + c.udpPorts());

        server.close();
        server = servers.start(c);
        JsonNode after = call("GET", "sockets/" + id, token, null).json();
        assertEquals(port, after.get("udp_port").asInt());
        assertHeld(port);
        assertEquals(port, call("GET", "sockets", token, null).json().get(0).get("udp_port").asInt());
    }

    @Test
    void udpSocketsCountInMaxPortsPerUser() throws Exception {
        server = servers.start(onePort().withQuotas(new AccountLimits(100, 20, 1, SignupRate.DEFAULT)));
        String ann = signupAndLogin("ann@example.com");
        Reply udp = create(ann, "udp");
        assertEquals(201, udp.status(), String.valueOf(udp.json()));
        Reply refused = create(ann, "tcp");
        assertError(refused, 403, "quota_exceeded");
        assertTrue(refused.json().at("/error/message").asText().contains("1 tcp, tls or udp sockets"),
                refused.json().toString());
        assertEquals(0, call("GET", "admin/server", ann, null).json().get("tcp_ports_in_use").size(),
                "the refused tcp socket left no port bound");
        assertEquals(204, call("DELETE", "sockets/" + udp.json().get("socket_id").asText(), ann, null).status());
        assertEquals(201, create(ann, "tcp").status(), "a deleted udp socket frees its place");
    }
}
