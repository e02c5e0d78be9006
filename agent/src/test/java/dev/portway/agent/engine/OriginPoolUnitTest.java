// The pool's bounds: at most maxIdle idle connections per target, the newest taken first, none kept when off, and
// a connection the origin closes (or that times out) leaves the pool at once.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OriginPoolUnitTest {
    private final LocalTarget target = new LocalTarget("127.0.0.1", 8080);

    @Test
    void keepsAtMostMaxIdlePerTargetAndGivesTheNewestFirst() {
        OriginPool pool = new OriginPool(2, Duration.ofSeconds(4));
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        assertTrue(pool.offer(target, a));
        assertTrue(pool.offer(target, b));
        assertFalse(pool.offer(target, c), "full");
        assertTrue(pool.offer(new LocalTarget("127.0.0.1", 8081), c), "another target has its own bound");
        assertEquals(2, pool.idleCount(target));
        assertSame(b, pool.take(target, b.eventLoop()));
        assertSame(a, pool.take(target, a.eventLoop()));
        assertNull(pool.take(target, a.eventLoop()));
    }

    @Test
    void anIdleConnectionTheOriginClosesLeavesThePool() {
        OriginPool pool = new OriginPool(2, Duration.ofSeconds(4));
        EmbeddedChannel a = new EmbeddedChannel();
        pool.offer(target, a);
        a.close();
        assertEquals(0, pool.idleCount(target));
        assertNull(pool.take(target, a.eventLoop()));
    }

    @Test
    void anythingTheOriginSendsWhileIdleEndsTheConnection() {
        OriginPool pool = new OriginPool(2, Duration.ofSeconds(4));
        EmbeddedChannel a = new EmbeddedChannel();
        pool.offer(target, a);
        a.writeInbound(io.netty.buffer.Unpooled.copiedBuffer(new byte[] {'x'}));
        assertFalse(a.isOpen());
        assertEquals(0, pool.idleCount(target));
    }

    @Test
    void zeroIdleTimeoutKeepsNothing() {
        OriginPool pool = new OriginPool(16, Duration.ZERO);
        assertFalse(pool.enabled());
        assertFalse(pool.offer(target, new EmbeddedChannel()));
    }

    @Test
    void whileTheAgentStopsNothingIsKeptUntilANewLinkIsUp() {
        OriginPool pool = new OriginPool(2, Duration.ofSeconds(4));
        EmbeddedChannel a = new EmbeddedChannel();
        pool.offer(target, a);
        pool.closeAll();
        assertFalse(a.isOpen());
        assertFalse(pool.offer(target, new EmbeddedChannel()));
        pool.keepAgain();
        assertTrue(pool.offer(target, new EmbeddedChannel()));
    }

    @Test
    void aConnectionWithPartOfAHeadKeptBackIsNotGivenToThePool() {
        EmbeddedChannel origin = new EmbeddedChannel(new OriginWatch(), new HostHeaderRewriter(null, true));
        origin.writeOutbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: app\r\n\r\n", StandardCharsets.US_ASCII));
        origin.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                StandardCharsets.US_ASCII));
        origin.runPendingTasks();
        assertTrue(OriginLease.poolable(origin));
        origin.writeOutbound(Unpooled.copiedBuffer("POST /transfer?to=mallory HTTP/1.1\r\nHost: app\r\nX-Pad: ",
                StandardCharsets.US_ASCII));
        assertFalse(OriginLease.poolable(origin), "the rewriter holds half a head the next visitor's would join");
        origin.finishAndReleaseAll();
    }
}
