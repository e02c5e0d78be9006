// The hello framing round-trips each message, splits and joins correctly, and rejects bad frames.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.api.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloCodecTest {
    private static ByteBuf encode(Object msg) {
        EmbeddedChannel out = new EmbeddedChannel(new HelloCodec());
        out.writeOutbound(msg);
        return out.readOutbound();
    }

    @Test
    void roundTripsEveryMessage() {
        for (LinkMessage msg : new LinkMessage[]{new Hello(1, "t-1", "pwc_secret", "portway/test", "laptop"),
                new Hello(1, "t-1", "pwc_secret", "portway/test", "laptop", null, "localhost:9443"),
                HelloReply.accepted("s-1", "a-b-0001.localhost", "http://a-b-0001.localhost:8080/"),
                HelloReply.refused(ErrorCode.UNAUTHORIZED, "nope")}) {
            EmbeddedChannel in = new EmbeddedChannel(new HelloCodec());
            in.writeInbound(encode(msg));
            assertEquals(msg, in.readInbound());
        }
    }

    @Test
    void frameLayoutIsLengthThenTypeThenJson() {
        ByteBuf buf = encode(new Hello(1, "t", "c", "a", null));
        int length = buf.readInt();
        assertEquals(buf.readableBytes(), length);
        assertEquals(MessageType.HELLO.id(), buf.readUnsignedByte());
        String json = buf.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"tunnel_id\":\"t\""), json);
        buf.release();
    }

    @Test
    void anOlderAgentsHelloHasNoLocalTargetAndANewOneNamesIt() {
        String older = "{\"version\":1,\"tunnel_id\":\"t\",\"credential\":\"c\",\"agent\":\"portway/0.1\"}";
        byte[] json = older.getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel in = new EmbeddedChannel(new HelloCodec());
        in.writeInbound(Unpooled.buffer().writeInt(json.length + 1).writeByte(MessageType.HELLO.id())
                .writeBytes(json));
        Hello hello = in.readInbound();
        assertEquals("t", hello.tunnelId());
        assertNull(hello.localTarget());
        ByteBuf buf = encode(new Hello(1, "t", "c", "a", null, null, "[::1]:9443"));
        String sent = buf.toString(5, buf.readableBytes() - 5, StandardCharsets.UTF_8);
        assertTrue(sent.contains("\"local_target\":\"[::1]:9443\""), sent);
        buf.release();
    }

    @Test
    void waitsForTheWholeFrameAndHandsLaterBytesToTheNextProtocol() {
        ByteBuf whole = encode(HelloReply.accepted("s", "d", "u"));
        ByteBuf trailing = Unpooled.copiedBuffer("PRI * HTTP/2.0", StandardCharsets.US_ASCII);
        EmbeddedChannel in = new EmbeddedChannel(new HelloCodec(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                if (msg instanceof LinkMessage) {
                    // As both ends do: once the hello is read, the codec leaves and HTTP/2 takes the rest.
                    ctx.pipeline().remove(HelloCodec.class);
                }
            }
        });
        in.writeInbound(whole.readRetainedSlice(5));
        assertNull(in.readInbound());
        in.writeInbound(Unpooled.wrappedBuffer(whole, trailing));
        assertEquals(HelloReply.accepted("s", "d", "u"), in.readInbound());
        ByteBuf rest = in.readInbound();
        assertEquals("PRI * HTTP/2.0", rest.toString(StandardCharsets.US_ASCII));
        rest.release();
    }

    @Test
    void rejectsOversizedFrames() {
        ByteBuf bad = Unpooled.buffer().writeInt(HelloCodec.MAX_FRAME + 1).writeByte(1);
        EmbeddedChannel in = new EmbeddedChannel(new HelloCodec());
        assertThrows(DecoderException.class, () -> in.writeInbound(bad));
    }

    @Test
    void otherOutboundMessagesPassThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new HelloCodec());
        ByteBuf raw = Unpooled.copiedBuffer("raw", StandardCharsets.US_ASCII);
        ch.writeOutbound(raw);
        ByteBuf out = ch.readOutbound();
        assertEquals("raw", out.toString(StandardCharsets.US_ASCII));
        out.release();
    }
}
