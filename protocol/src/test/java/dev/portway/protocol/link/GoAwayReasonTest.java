// The reason an edge gives in a GOAWAY round-trips, and whatever else a GOAWAY carries is no reason.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.protocol.api.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoAwayReasonTest {
    @Test
    void aReasonRoundTripsAsJson() {
        GoAwayReason r = GoAwayReason.of(ErrorCode.REPLACED, "replaced by another agent");
        ByteBuf buf = r.encode(ByteBufAllocator.DEFAULT);
        assertEquals("{\"error_code\":\"replaced\",\"message\":\"replaced by another agent\"}",
                buf.toString(StandardCharsets.UTF_8));
        assertEquals(Optional.of(r), GoAwayReason.decode(buf));
        buf.release();
    }

    @Test
    void noDebugDataOrAnotherPeersTextIsNoReason() {
        assertEquals(Optional.empty(), GoAwayReason.decode(null));
        assertEquals(Optional.empty(), GoAwayReason.decode(Unpooled.EMPTY_BUFFER));
        assertEquals(Optional.empty(), GoAwayReason.decode(Unpooled.copiedBuffer("shutting down",
                StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), GoAwayReason.decode(Unpooled.copiedBuffer("{\"message\":\"x\"}",
                StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), GoAwayReason.decode(Unpooled.wrappedBuffer(
                new byte[GoAwayReason.MAX_BYTES + 1])));
    }
}
