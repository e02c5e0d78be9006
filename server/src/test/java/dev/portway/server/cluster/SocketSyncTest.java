// A node's dedicated ports follow the store in each port space: a stray socket's TCP or UDP port (made through this
// node's API, deleted through another's before a poll saw it) is released after two polls miss it, and a port of one
// space never keeps or frees the same number in the other.
package dev.portway.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.SocketType;
import dev.portway.server.TestServers;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.store.SocketRecord;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketSyncTest {
    private static final String HOST = "127.0.0.1";
    private final SocketCatalog catalog = new SocketCatalog();
    private final TunnelRegistry registry = new TunnelRegistry(s -> { });
    private DedicatedPorts ports;

    @AfterEach
    void close() {
        if (ports != null) {
            ports.close();
        }
    }

    /** Real ports on loopback: TCP ones from tcpFirst, UDP ones from udpFirst. */
    private DedicatedPorts ports(int tcpFirst, int udpFirst, int n) {
        DedicatedPorts tcp = new DedicatedPorts((h, p) -> bound(ServerSocketChannel.open(), h, p), HOST, tcpFirst,
                tcpFirst + n - 1);
        DedicatedPorts udp = new DedicatedPorts((h, p) -> bound(DatagramChannel.open(), h, p), HOST, udpFirst,
                udpFirst + n - 1);
        ports = tcp.withUdp(udp);
        return ports;
    }

    private static AutoCloseable bound(NetworkChannel ch, String host, int port) throws IOException {
        try {
            ch.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    private static SocketRecord socket(String id, String type, int port) {
        return SocketRecord.open(id, "u1", id, id + ".localhost", type, port, "2026-01-01T00:00:00Z");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port))) {
            return s.getLocalPort() == port;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aStrayUdpSocketsUdpPortIsReleasedAfterTwoPollsMissIt() {
        int udpFirst = TestServers.freeRange(1);
        DedicatedPorts both = ports(TestServers.freeRange(1), udpFirst, 1);
        DedicatedPorts udp = both.forType(SocketType.UDP);
        // Made through this node's API (port bound, catalog told), deleted through another node's: no poll saw it.
        SocketRecord game = socket("game", SocketType.UDP, udpFirst);
        catalog.put(game);
        udp.open(udpFirst, game.dnsName());
        assertEquals(List.of(udpFirst), udp.inUse());
        SocketSync sync = new SocketSync(catalog, both, registry, List.of());

        sync.apply(List.of());
        assertEquals(List.of(udpFirst), udp.inUse(), "one poll missing it may be a creation under way");
        sync.apply(List.of());
        assertEquals(List.of(), udp.inUse(), "two polls missing it: a stray, its UDP port released");
        assertTrue(catalog.byId("game").isEmpty());
        assertTrue(udpFree(udpFirst), "nothing holds UDP port " + udpFirst + " any more");
    }

    @Test
    void eachPortSpaceKeepsItsOwnSocketsPortsThoughTheNumbersAreTheSame() {
        int port = TestServers.freeRange(1);
        DedicatedPorts both = ports(port, port, 1);
        DedicatedPorts udp = both.forType(SocketType.UDP);
        SocketSync sync = new SocketSync(catalog, both, registry, List.of());
        SocketRecord game = socket("game", SocketType.UDP, port);
        sync.apply(List.of(game)); // created on another node: this one opens its UDP port too
        assertEquals(List.of(port), udp.inUse());
        SocketRecord db = socket("db", SocketType.TCP, port);
        catalog.put(db);
        both.open(port, db.dnsName()); // a stray tcp socket with the udp socket's number

        sync.apply(List.of(game));
        sync.apply(List.of(game));
        assertEquals(List.of(), both.inUse(), "the stray's TCP port goes");
        assertEquals(List.of(port), udp.inUse(), "the udp socket of the store keeps its UDP port of that number");
        assertTrue(catalog.byId("game").isPresent() && catalog.byId("db").isEmpty());
    }

    /** Another node deleted a socket and made one on its port between two polls: the new socket keeps the port here. */
    @Test
    void aPortTakenOverBetweenTwoPollsStaysOpenForItsNewSocket() {
        int port = TestServers.freeRange(1);
        DedicatedPorts both = ports(port, port, 1);
        SocketSync sync = new SocketSync(catalog, both, registry, List.of());
        for (String type : List.of(SocketType.UDP, SocketType.TCP)) {
            DedicatedPorts space = both.forType(type);
            sync.apply(List.of(socket("old-" + type, type, port)));
            assertEquals(List.of(port), space.inUse());
            sync.apply(List.of(socket("fresh-" + type, type, port)));
            assertEquals(List.of(port), space.inUse(), type + " port " + port + " still open for the new socket");
            assertTrue(catalog.byId("fresh-" + type).isPresent());
            sync.apply(List.of());
            assertEquals(List.of(), space.inUse());
        }
    }
}
