// The far end of a link, played by a test from a script, as OkHttp's MockHttp2Peer: it writes hand-made frames
// (RawFrames) and reads the link's frames one by one, in order, so a test says "send SETTINGS, expect SETTINGS ACK,
// send HEADERS on stream 3, expect DATA..." at the level of the wire, without a second codec that would hide what the
// link really wrote. It faces a link in an EmbeddedChannel (milliseconds, no threads) or a socket's streams.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

public final class ScriptedPeer {
    private final Transport transport;
    /** The link's header blocks use HPACK's dynamic table: they are decoded in the order they came. */
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);
    private boolean prefaceToSend;
    private boolean prefaceToRead;

    private ScriptedPeer(Transport transport, boolean opensStreams) {
        this.transport = transport;
        this.prefaceToSend = opensStreams;
        this.prefaceToRead = !opensStreams;
    }

    /** Plays the end that answers streams (an agent) to a link that opens them; reads the link's preface first. */
    public static ScriptedPeer answering(EmbeddedChannel link) {
        return new ScriptedPeer(new Embedded(link), false);
    }

    /** Plays the end that opens streams (an edge) to a link that answers them; sends the preface first. */
    public static ScriptedPeer opening(EmbeddedChannel link) {
        return new ScriptedPeer(new Embedded(link), true);
    }

    /**
     * Plays the answering end over a socket whose link has already sent its preface (read during the hello): what a
     * hostile agent does to a real server.
     */
    public static ScriptedPeer answering(InputStream in, OutputStream out) {
        ScriptedPeer peer = new ScriptedPeer(new Streams(in, out), false);
        peer.prefaceToRead = false;
        return peer;
    }

    /** Writes frames (made with RawFrames, or any bytes) to the link; the preface goes first if this end owes it. */
    public ScriptedPeer send(byte[]... frames) throws IOException {
        if (prefaceToSend) {
            prefaceToSend = false;
            transport.write(RawFrames.PREFACE);
        }
        transport.write(RawFrames.concat(frames));
        return this;
    }

    /**
     * The link's next frame, or null if it has written no more; over a socket it blocks until the link writes one,
     * and throws EOFException once the link has closed.
     */
    public InFrame poll() throws IOException {
        if (prefaceToRead) {
            byte[] preface = transport.read(RawFrames.PREFACE.length);
            if (preface == null) {
                return null;
            }
            prefaceToRead = false;
            assertArrayEquals(RawFrames.PREFACE, preface, "the link's connection preface");
        }
        byte[] header = transport.read(9);
        if (header == null) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int length = (h.get() & 0xff) << 16 | (h.getShort() & 0xffff);
        int type = h.get() & 0xff;
        int flags = h.get() & 0xff;
        int stream = h.getInt() & 0x7fffffff;
        byte[] payload = transport.read(length);
        if (payload == null) {
            return null;
        }
        return new InFrame(type, flags, stream, payload, type == RawFrames.HEADERS ? decode(stream, flags, payload)
                : null);
    }

    /** The link's next frame, whatever it is; fails if it wrote none. */
    public InFrame take() throws IOException {
        InFrame f = poll();
        if (f == null) {
            throw new AssertionError("the link wrote no frame" + (transport.closed() ? " and is closed" : ""));
        }
        return f;
    }

    /** The link's next frame, which must be of this type. */
    public InFrame expect(int type) throws IOException {
        InFrame f = take();
        assertEquals(type, f.type(), () -> "expected a frame of type " + type + ", the link wrote " + f);
        return f;
    }

    /** The link's next frame, which must be of this type and on this stream. */
    public InFrame expect(int type, int stream) throws IOException {
        InFrame f = expect(type);
        assertEquals(stream, f.stream(), () -> "stream of " + f);
        return f;
    }

    /** The link has nothing more to say for now. */
    public void expectNothing() throws IOException {
        InFrame f = poll();
        assertFalse(f != null, () -> "the link wrote " + f);
    }

    /**
     * The opening every link goes through: both ends' SETTINGS, the link's wide connection window, the ACKs. Returns
     * the link's SETTINGS.
     */
    public InFrame handshake() throws IOException {
        return handshake(RawFrames.settings());
    }

    /** The opening, with the peer's own SETTINGS frame. */
    public InFrame handshake(byte[] peerSettings) throws IOException {
        send(peerSettings);
        InFrame settings = expect(RawFrames.SETTINGS);
        assertFalse(settings.has(RawFrames.ACK), "the link's own SETTINGS come first");
        // Netty first widens the connection window to twice a stream's, then the link adds its own on top.
        long netty = 2L * LinkSettings.STREAM_WINDOW - 2 * Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        assertEquals(netty, expect(RawFrames.WINDOW_UPDATE, 0).increment(), "Netty's connection window");
        assertEquals(LinkSettings.CONNECTION_WINDOW, expect(RawFrames.WINDOW_UPDATE, 0).increment(),
                "the link opens its connection window wide at once");
        InFrame ack = expect(RawFrames.SETTINGS);
        assertEquals(RawFrames.ACK, ack.flags(), "the link acknowledges the peer's SETTINGS");
        send(RawFrames.settingsAck());
        return settings;
    }

    private Http2Headers decode(int stream, int flags, byte[] block) {
        if ((flags & RawFrames.END_HEADERS) == 0) {
            throw new AssertionError("a header block in CONTINUATION frames: the fake peer does not read those");
        }
        ByteBuf buf = Unpooled.wrappedBuffer(block);
        try {
            return hpack.decodeHeaders(stream, buf);
        } catch (Http2Exception e) {
            throw new AssertionError("the link's header block does not decode", e);
        } finally {
            buf.release();
        }
    }

    /** Where the peer's bytes go and the link's come from. */
    private interface Transport {
        void write(byte[] bytes) throws IOException;

        /** Exactly n bytes of the link's, or null if it wrote fewer (they stay for the next read). */
        byte[] read(int n) throws IOException;

        boolean closed();
    }

    /** A link in an EmbeddedChannel: the peer writes its inbound bytes and reads its outbound ones. */
    private static final class Embedded implements Transport {
        private static final int TASK_ROUNDS = 8;
        private final EmbeddedChannel link;
        private final ByteBuf written = Unpooled.buffer();

        Embedded(EmbeddedChannel link) {
            this.link = link;
        }

        @Override
        public void write(byte[] bytes) {
            link.writeInbound(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public byte[] read(int n) {
            // A link's flush outside a read waits for the tasks already queued on its loop, and tasks queue more (a
            // stream's registration, then its handler's write, then the flush): a few rounds, until none is left.
            for (int i = 0; i < TASK_ROUNDS && written.readableBytes() < n; i++) {
                link.runPendingTasks();
                for (Object out = link.readOutbound(); out != null; out = link.readOutbound()) {
                    if (out instanceof ByteBuf buf) {
                        written.writeBytes(buf);
                    }
                    ReferenceCountUtil.release(out);
                }
            }
            if (written.readableBytes() < n) {
                return null;
            }
            byte[] bytes = ByteBufUtil.getBytes(written, written.readerIndex(), n);
            written.skipBytes(n).discardReadBytes();
            return bytes;
        }

        @Override
        public boolean closed() {
            return !link.isOpen();
        }
    }

    /** A link at the other end of a socket. */
    private static final class Streams implements Transport {
        private final DataInputStream in;
        private final OutputStream out;
        private volatile boolean ended;

        Streams(InputStream in, OutputStream out) {
            this.in = new DataInputStream(in);
            this.out = out;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Blocks until the link wrote n bytes; EOFException once it has closed. */
        @Override
        public byte[] read(int n) throws IOException {
            byte[] bytes = new byte[n];
            try {
                in.readFully(bytes);
            } catch (EOFException e) {
                ended = true;
                throw e;
            }
            return bytes;
        }

        @Override
        public boolean closed() {
            return ended;
        }
    }
}
