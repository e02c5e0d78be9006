// The tunnel port takes another node's hello only with the cluster key of its store, and a single server (SQLite)
// takes none: a node link is refused like a wrong tunnel credential.
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
import dev.portway.server.store.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHelloTest {
    @TempDir
    Path dir;

    private static HelloReply nodeHello(PortwayServer server, String key) throws Exception {
        try (TestLink link = TestLink.connect(server.config().tunnelPort(),
                new Hello(Version.LINK_PROTOCOL, null, key, "portway-node/test", "n-test", Hello.KIND_NODE))) {
            return link.reply();
        }
    }

    @Test
    void aSingleServerRefusesEveryNodeLink() throws Exception {
        try (PortwayServer server = TestServers.start(dir)) {
            assertEquals(null, server.cluster(), "SQLite: no cluster");
            HelloReply reply = nodeHello(server, "0".repeat(64));
            assertFalse(reply.ok());
            assertEquals(ErrorCode.UNAUTHORIZED.wire(), reply.errorCode());
        }
    }

    @Test
    void aNodeOfAClusterTakesItsKeyOnly() throws Exception {
        try (PortwayServer server = PortwayServer.start(TestServers.config(dir)
                .withStore(PostgresServer.get().newDatabase()))) {
            String key = server.store().cluster().clusterKey();
            assertEquals(64, key.length(), "256 random bits, in hex");
            assertTrue(Files.readString(dir.resolve("node-id")).strip().startsWith("n-"), "the node id is kept");

            HelloReply wrong = nodeHello(server, key.substring(1) + (key.charAt(0) == 'a' ? 'b' : 'a'));
            assertFalse(wrong.ok());
            assertEquals(ErrorCode.UNAUTHORIZED.wire(), wrong.errorCode());

            assertTrue(nodeHello(server, key).ok());
        }
    }
}
