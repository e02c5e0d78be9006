// The tunnel port's hello alone, in an EmbeddedChannel over a real store: an agent's good hello gets its socket and
// the link turns HTTP/2 and routable; a wrong credential, an old protocol, garbage, a second hello or silence after
// the TLS handshake are refused or closed, and an address that keeps guessing is told to wait without a check.
package dev.portway.server.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.Version;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.LinkPipeline;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Quota;
import dev.portway.server.store.SocketRecord;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import dev.portway.server.store.TunnelRecord;
import dev.portway.server.store.User;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloHandlerTest {
    private static final String CREDENTIAL = "tunnel-credential";
    private static final InetSocketAddress AGENT = new InetSocketAddress("192.0.2.9", 40000);

    /** One store for the class: opening one (migrations) costs more than all the tests here. */
    @TempDir
    static Path dir;
    private static Store store;
    private final ServerMetrics metrics = new ServerMetrics();
    private final TunnelRegistry registry = new TunnelRegistry(s -> { });
    /** The blocking pool's work, run when the test says. */
    private final List<Runnable> blocking = new ArrayList<>();
    private final FailureLimiter failures = new FailureLimiter(2, Duration.ofMinutes(1), Clock.systemUTC());
    private TunnelAuthenticator authenticator;
    private LinkInitializer initializer;

    @BeforeAll
    static void store() {
        store = JdbcStore.open(StoreLocation.sqlite(dir.resolve("portway.db")));
        store.createUser(new User("u1", "ann@example.com", "x", false, false, "now"));
        store.createSocket(SocketRecord.open("s1", "u1", "app", "app.localhost", "http", null, "now"),
                new Quota(10, 10));
        store.createTunnel(new TunnelRecord("t1", "s1", SecretHasher.hash(CREDENTIAL, 1_000), 0, 0, "now"), 10);
    }

    @AfterAll
    static void closeStore() throws Exception {
        store.close();
    }

    @BeforeEach
    void authenticator() {
        authenticator = new TunnelAuthenticator(store);
        initializer = new LinkInitializer(null, authenticator, registry, blocking::add, s -> "http://" + s.dnsName(),
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10), metrics);
    }

    @AfterEach
    void close() {
        metrics.close();
    }

    /** An agent's link from an address (an EmbeddedChannel has none: the failure limit counts per address). */
    private EmbeddedChannel link() {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return AGENT;
            }
        };
        ch.pipeline().addLast(LinkPipeline.HELLO, new HelloHandler(authenticator, blocking::add, s -> "http://"
                + s.dnsName(), initializer, failures, registry, metrics, null, Duration.ofSeconds(10)));
        return ch;
    }

    private void runBlocking(EmbeddedChannel ch) {
        while (!blocking.isEmpty()) {
            blocking.remove(0).run();
            ch.runPendingTasks();
        }
    }

    private static Hello hello(int version, String tunnelId, String credential) {
        return new Hello(version, tunnelId, credential, "test-agent/1.0", "test-host");
    }

    @Test
    void aGoodHelloGetsItsSocketAndTheLinkTurnsHttp2AndRoutable() {
        EmbeddedChannel ch = link();
        ch.writeInbound(hello(Version.LINK_PROTOCOL, "t1", CREDENTIAL));
        assertTrue(registry.route("app.localhost").isEmpty(), "nothing is decided on the event loop");
        runBlocking(ch);
        HelloReply reply = ch.readOutbound();
        assertTrue(reply.ok(), reply.toString());
        assertEquals("app.localhost", reply.dnsName());
        assertNull(ch.pipeline().get(LinkPipeline.HELLO));
        assertNotNull(ch.pipeline().get(LinkPipeline.CODEC));
        TunnelSession session = registry.route("app.localhost").orElseThrow();
        assertEquals("t1", session.tunnelId());
        assertEquals("test-host", session.agentHost());
        ch.finishAndReleaseAll();
    }

    @Test
    void aWrongCredentialIsRefusedAndAGuesserWaitsWithoutACheck() {
        for (int i = 0; i < 2; i++) {
            EmbeddedChannel ch = link();
            ch.writeInbound(hello(Version.LINK_PROTOCOL, "t1", "guess-" + i));
            runBlocking(ch);
            HelloReply reply = ch.readOutbound();
            assertEquals(ErrorCode.UNAUTHORIZED.wire(), reply.errorCode(), reply.toString());
            assertFalse(ch.isOpen());
        }
        EmbeddedChannel third = link();
        third.writeInbound(hello(Version.LINK_PROTOCOL, "t1", CREDENTIAL));
        assertTrue(blocking.isEmpty(), "no credential check for an address that must wait");
        HelloReply reply = third.readOutbound();
        assertEquals(ErrorCode.TOO_MANY_ATTEMPTS.wire(), reply.errorCode(), reply.toString());
        assertFalse(third.isOpen());
        assertTrue(registry.route("app.localhost").isEmpty());
    }

    @Test
    void anOldProtocolIsToldSo() {
        EmbeddedChannel ch = link();
        ch.writeInbound(hello(Version.LINK_PROTOCOL - 1, "t1", CREDENTIAL));
        runBlocking(ch);
        HelloReply reply = ch.readOutbound();
        assertEquals(ErrorCode.UNSUPPORTED_VERSION.wire(), reply.errorCode(), reply.toString());
        assertTrue(reply.message().contains("upgrade the agent"), reply.message());
    }

    @Test
    void garbageOrASecondHelloClosesTheLink() {
        EmbeddedChannel garbage = link();
        garbage.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        assertFalse(garbage.isOpen());

        EmbeddedChannel twice = link();
        twice.writeInbound(hello(Version.LINK_PROTOCOL, "t1", CREDENTIAL));
        twice.writeInbound(hello(Version.LINK_PROTOCOL, "t1", CREDENTIAL));
        assertFalse(twice.isOpen());
        runBlocking(twice);
        assertNull(twice.readOutbound(), "a closed link gets no reply");
        assertTrue(registry.route("app.localhost").isEmpty());
    }

    @Test
    void silenceAfterTheTlsHandshakeClosesTheLinkWithinItsDeadline() {
        EmbeddedChannel ch = link();
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isOpen());
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isOpen());
    }
}
