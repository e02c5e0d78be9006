// The agent's side of a flow's replies, on embedded channels: a reply longer than a flow carries (a service on ::1
// can send 65,527 bytes) is dropped and the flow goes on.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.link.DatagramFrames;
import dev.portway.protocol.link.StreamMeta;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LocalRepliesTest {
    @Test
    void aReplyLongerThanAFlowCarriesIsDroppedAndTheFlowGoesOn() {
        EmbeddedChannel stream = new EmbeddedChannel();
        RecordingListener listener = new RecordingListener();
        ConnectionTally tally = new ConnectionTally(new StreamMeta(StreamMeta.KIND_UDP, "s", "127.0.0.1:5",
                StreamMeta.KIND_UDP), new TrafficCounters(), listener, stream);
        EmbeddedChannel local = new EmbeddedChannel(new LocalReplies(stream, tally, listener,
                new LocalTarget("::1", 53)));
        ByteBuf large = Unpooled.directBuffer(65_520).writeZero(65_520);
        local.writeInbound(large);
        assertEquals(0, large.refCnt(), "dropped and freed");
        assertNull(stream.readOutbound(), "nothing sent on");
        assertTrue(local.isOpen(), "the flow goes on");

        local.writeInbound(Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
        ByteBuf framed = stream.readOutbound();
        assertEquals(DatagramFrames.HEADER + 3, framed.readableBytes(), "the next reply is framed onto the stream");
        assertEquals(3, framed.getUnsignedShort(0));
        framed.release();
        local.finishAndReleaseAll();
        stream.finishAndReleaseAll();
    }
}
