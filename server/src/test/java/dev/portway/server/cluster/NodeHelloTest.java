// The tunnel port takes another node's hello only with the cluster key of its store and, over TLS, a client
// certificate that a node of the cluster published; a single server (SQLite) takes none. A refused node link is
// refused like a wrong tunnel credential.
package dev.portway.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Version;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloReply;
import dev.portway.server.PortwayServer;
import dev.portway.server.TestLink;
import dev.portway.server.TestServers;
import dev.portway.server.security.TlsMaterial;
import dev.portway.server.store.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHelloTest {
    @TempDir
    Path dir;

    private static HelloReply nodeHello(PortwayServer server, String key, TlsMaterial certificate)
            throws Exception {
        try (TestLink link = TestLink.connect(server.config().tunnelPort(),
                new Hello(Version.LINK_PROTOCOL, null, key, "portway-node/test", "n-test", Hello.KIND_NODE),
                certificate)) {
            return link.reply();
        }
    }

    @Test
    void aSingleServerRefusesEveryNodeLink() throws Exception {
        try (PortwayServer server = TestServers.start(dir)) {
            assertEquals(null, server.cluster(), "SQLite: no cluster");
            HelloReply reply = nodeHello(server, "0".repeat(64), TlsMaterial.loadOrCreate(dir, "localhost"));
            assertFalse(reply.ok());
            assertEquals(ErrorCode.UNAUTHORIZED.wire(), reply.errorCode());
        }
    }

    @Tag("postgres")
    @Test
    void aNodeOfAClusterTakesItsKeyWithAPublishedCertificateOnly() throws Exception {
        try (PortwayServer server = PortwayServer.start(TestServers.config(dir)
                .withStore(PostgresServer.get().newDatabase()))) {
            String key = server.store().cluster().clusterKey();
            assertEquals(64, key.length(), "256 random bits, in hex");
            assertTrue(Files.readString(dir.resolve("node-id")).strip().startsWith("n-"), "the node id is kept");
            // The nodes of a cluster share one certificate: this node's own is the one a peer presents.
            TlsMaterial nodes = TlsMaterial.loadOrCreate(dir, "localhost");
            TlsMaterial stranger = TlsMaterial.loadOrCreate(Files.createDirectory(dir.resolve("stranger")),
                    "localhost");
            String wrongKey = key.substring(1) + (key.charAt(0) == 'a' ? 'b' : 'a');

            assertRefused(nodeHello(server, wrongKey, nodes), "not this cluster's key");
            assertRefused(nodeHello(server, key, null), "no client certificate");
            assertRefused(nodeHello(server, key, stranger), "a certificate no node of this cluster published");
            assertTrue(nodeHello(server, key, nodes).ok());
        }
    }

    private static void assertRefused(HelloReply reply, String why) {
        assertFalse(reply.ok());
        assertEquals(ErrorCode.UNAUTHORIZED.wire(), reply.errorCode());
        assertEquals(why, reply.message());
    }
}
