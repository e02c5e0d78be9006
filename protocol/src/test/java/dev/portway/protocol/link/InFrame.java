// One frame a link wrote, as the scripted peer read it off the wire: header fields, payload, and what the payload
// says for the frame types tests look into.
package dev.portway.protocol.link;

import io.netty.handler.codec.http2.Http2Headers;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public record InFrame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** RST_STREAM's or GOAWAY's error code. */
    public long errorCode() {
        return switch (type) {
            case RawFrames.RST_STREAM -> Integer.toUnsignedLong(ByteBuffer.wrap(payload).getInt());
            case RawFrames.GOAWAY -> Integer.toUnsignedLong(ByteBuffer.wrap(payload, 4, 4).getInt());
            default -> throw new IllegalStateException("no error code in " + this);
        };
    }

    /** GOAWAY's last stream id. */
    public int lastStream() {
        return ByteBuffer.wrap(payload).getInt() & 0x7fffffff;
    }

    /** GOAWAY's debug data. */
    public byte[] debugData() {
        return Arrays.copyOfRange(payload, 8, payload.length);
    }

    /** WINDOW_UPDATE's increment. */
    public int increment() {
        return ByteBuffer.wrap(payload).getInt() & 0x7fffffff;
    }

    /** PING's opaque data. */
    public long pingData() {
        return ByteBuffer.wrap(payload).getLong();
    }

    /** SETTINGS' (id, value) pairs, in order. */
    public Map<Integer, Long> settings() {
        Map<Integer, Long> all = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(payload);
        while (b.remaining() >= 6) {
            all.put(b.getShort() & 0xffff, Integer.toUnsignedLong(b.getInt()));
        }
        return all;
    }

    @Override
    public String toString() {
        return "frame type " + type + " flags " + flags + " stream " + stream + " (" + payload.length + " bytes)";
    }
}
