// An Edge for handler tests: a socket catalog to fill, no tunnels unless a test registers one, and password checks
// that run only when the test says (their KDF work waits in a list), so a check can be caught half-way.
package dev.portway.server.edge;

import dev.portway.server.access.BasicAuth;
import dev.portway.server.config.EdgeLimits;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.metrics.ServerMetrics;
import dev.portway.server.security.FailureLimiter;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.SocketRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

final class EdgeRig {
    static final String PASSWORD_HASH = SecretHasher.hash("secret", 1_000);

    final SocketCatalog catalog = new SocketCatalog();
    final TunnelRegistry registry = new TunnelRegistry(s -> { });
    final ServerMetrics metrics = new ServerMetrics();
    final VisitorStreams streams = new VisitorStreams(registry, metrics);
    /** Password checks that wait for the test to run them. */
    final List<Runnable> blocking = new ArrayList<>();
    /** One wrong password and the address waits. */
    final FailureLimiter wrongPasswords = new FailureLimiter(1, Duration.ofMinutes(1), Clock.systemUTC());
    final Edge edge;

    EdgeRig() {
        this(VisitorSignIn.NONE);
    }

    EdgeRig(VisitorSignIn signIn) {
        edge = new Edge(catalog, streams, new BasicAuth(blocking::add), 443, EdgeLimits.DEFAULTS,
                new ConnectionCap(100, 100), new FailureLimiter(50, Duration.ofMinutes(1), Clock.systemUTC()),
                wrongPasswords, signIn);
    }

    /** What the channel wrote out so far, as text; the buffers are released. */
    static String written(EmbeddedChannel ch) {
        StringBuilder s = new StringBuilder();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            s.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return s.toString();
    }

    EdgeRig open(String dnsName) {
        catalog.put(SocketRecord.open("id-" + dnsName, "u1", "n", dnsName, "http", null, "now"));
        return this;
    }

    /** An http socket whose visitors give ann / secret. */
    EdgeRig withPassword(String dnsName) {
        catalog.put(new SocketRecord("id-" + dnsName, "u1", "n", dnsName, "http", null, true, "ann", PASSWORD_HASH,
                List.of(), "now"));
        return this;
    }

    /** Runs the password checks asked so far (on this thread). */
    void runChecks() {
        List<Runnable> now = new ArrayList<>(blocking);
        blocking.clear();
        now.forEach(Runnable::run);
    }

    void close() {
        metrics.close();
    }
}
