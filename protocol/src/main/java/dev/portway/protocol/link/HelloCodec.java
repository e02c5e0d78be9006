// Frames the pre-HTTP/2 handshake: [u32 length][u8 type][JSON], length counting type and JSON. The JSON is bound by
// protocol.json, not Jackson: an agent would otherwise keep Jackson loaded for the life of its tunnel.
package dev.portway.protocol.link;

import dev.portway.protocol.Version;
import dev.portway.protocol.json.JsonReader;
import dev.portway.protocol.json.JsonWriter;
import dev.portway.protocol.json.RecordMapping;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

public final class HelloCodec extends ByteToMessageCodec<LinkMessage> {
    public static final int MAX_FRAME = 16 * 1024;

    /**
     * Reads and writes one hello, so the first agent's hello is not the one that pays for building the JSON reader:
     * on a fresh JVM of a loaded machine that took seconds, out of the time the edge gives an agent to say hello.
     */
    public static void prepare() {
        RecordMapping.read(JsonReader.parse(JsonWriter.compact(new Hello(Version.LINK_PROTOCOL, "tunnel",
                "credential", "agent", "host"))), Hello.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, LinkMessage msg, ByteBuf out) throws IOException {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(MessageType.of(msg).id());
        out.writeCharSequence(JsonWriter.compact(msg), StandardCharsets.UTF_8);
        out.setInt(start, out.writerIndex() - start - 4);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
        while (!ctx.isRemoved() && in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length < 1 || length > MAX_FRAME) {
                throw new CorruptedFrameException("bad link frame length " + length);
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            MessageType type = MessageType.byId(in.readUnsignedByte());
            // Always UTF-8: left to guess, the JSON parser would take some bytes for UTF-32 and fail outside JSON.
            String body = in.readSlice(length - 1).toString(java.nio.charset.StandardCharsets.UTF_8);
            try {
                out.add(RecordMapping.read(JsonReader.parse(body), type.type()));
            } catch (IllegalArgumentException e) {
                throw new CorruptedFrameException("bad link " + type + ": " + e.getMessage(), e);
            }
            // One message at a time: after the hello the pipeline changes and later bytes belong to HTTP/2.
            return;
        }
    }
}
