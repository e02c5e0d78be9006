// HTTP/2 frames as bytes on the wire, made by hand: what a scripted or hostile peer writes to a link, including frames
// no well-behaved codec would write (a length that lies, a stream id of the wrong parity, a flood).
package dev.portway.protocol.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

public final class RawFrames {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;
    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    /** The client's connection preface, which opens the byte stream before any frame. */
    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawFrames() {
    }

    public static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return frame(type, flags, stream, payload.length, payload);
    }

    /** A frame header that may claim another length than the payload that follows it. */
    public static byte[] frame(int type, int flags, int stream, int claimedLength, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (claimedLength >>> 16)).put((byte) (claimedLength >>> 8)).put((byte) claimedLength);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    /** SETTINGS with the given (id, value) pairs. */
    public static byte[] settings(int... idsAndValues) {
        ByteBuffer b = ByteBuffer.allocate(idsAndValues.length / 2 * 6);
        for (int i = 0; i + 1 < idsAndValues.length; i += 2) {
            b.putShort((short) idsAndValues[i]).putInt(idsAndValues[i + 1]);
        }
        return frame(SETTINGS, 0, 0, b.array());
    }

    public static byte[] settingsAck() {
        return frame(SETTINGS, ACK, 0, new byte[0]);
    }

    public static byte[] ping(long data) {
        return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    public static byte[] pingAck(long data) {
        return frame(PING, ACK, 0, ByteBuffer.allocate(8).putLong(data).array());
    }

    /**
     * A complete header block in one frame. Each header is a literal that is never indexed, so a frame needs no HPACK
     * state shared with the frames before it: a script may send them in any order, or leave some out.
     */
    public static byte[] headers(int stream, boolean endStream, Http2Headers headers) {
        ByteBuf block = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.ALWAYS_SENSITIVE).encodeHeaders(stream, headers, block);
            return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, ByteBufUtil.getBytes(block));
        } catch (Http2Exception e) {
            throw new IllegalArgumentException(e);
        } finally {
            block.release();
        }
    }

    public static byte[] data(int stream, boolean endStream, byte[] payload) {
        return frame(DATA, endStream ? END_STREAM : 0, stream, payload);
    }

    public static byte[] windowUpdate(int stream, int increment) {
        return frame(WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(increment).array());
    }

    public static byte[] rstStream(int stream, long errorCode) {
        return frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt((int) errorCode).array());
    }

    public static byte[] goAway(int lastStream, long errorCode, byte[] debugData) {
        return frame(GOAWAY, 0, 0, ByteBuffer.allocate(8 + debugData.length).putInt(lastStream)
                .putInt((int) errorCode).put(debugData).array());
    }

    public static byte[] repeat(byte[] one, int times) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(one.length * times);
        for (int i = 0; i < times; i++) {
            b.writeBytes(one);
        }
        return b.toByteArray();
    }

    public static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            b.writeBytes(f);
        }
        return b.toByteArray();
    }

    public static String errorName(long code) {
        String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
            "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
            "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
        return code >= 0 && code < names.length ? names[(int) code] : "error " + code;
    }
}
