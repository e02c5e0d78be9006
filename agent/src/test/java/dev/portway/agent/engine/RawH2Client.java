// A bare HTTP/2 client over TLS (ALPN h2) that writes frames as told, without the limits a real client keeps to
// (the server's SETTINGS_MAX_CONCURRENT_STREAMS above all), and reads back the frames the server sends.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

final class RawH2Client implements AutoCloseable {
    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int GOAWAY = 7;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();
    private final String authority;

    record Frame(int type, int flags, int stream, byte[] payload) {
        /** A RST_STREAM's or GOAWAY's error code. */
        int errorCode() {
            int at = type == GOAWAY ? 4 : 0;
            return (payload[at] & 0xff) << 24 | (payload[at + 1] & 0xff) << 16 | (payload[at + 2] & 0xff) << 8
                    | payload[at + 3] & 0xff;
        }
    }

    RawH2Client(X509TrustManager trust, String name, int port) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{trust}, null);
        socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(name)));
        params.setApplicationProtocols(new String[]{"h2"});
        socket.setSSLParameters(params);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IOException("the server did not choose h2 but '" + socket.getApplicationProtocol() + "'");
        }
        authority = name + ":" + port;
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A request's HEADERS on the stream; endStream: no body follows. */
    void request(int stream, String method, String path, boolean endStream) throws Exception {
        Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme("https").authority(authority);
        ByteBuf block = Unpooled.buffer();
        hpack.encodeHeaders(stream, h, block);
        byte[] bytes = new byte[block.readableBytes()];
        block.readBytes(bytes);
        frame(HEADERS, 0x4 | (endStream ? 0x1 : 0), stream, bytes);
    }

    void reset(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, new byte[]{0, 0, 0, 8}); // CANCEL
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] head = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
            (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
            (byte) stream};
        out.write(head);
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The next frame from the server (blocks up to the socket's timeout). */
    Frame next() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, flags, stream, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
