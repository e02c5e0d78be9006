// A hostile agent: it authenticates with a real tunnel credential over TLS, then writes hand-made HTTP/2 frames
// (or anything else) to the server. It plays the HTTP/2 server's role, as a real agent does.
package dev.portway.agent.reliability;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public final class HostileLink implements AutoCloseable {
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
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final List<Integer> streamsOpenedByServer = new CopyOnWriteArrayList<>();
    volatile String goAway;
    volatile long endedAt;
    volatile String endedHow;

    private HostileLink(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** TLS (trusting any certificate), the hello with the credential, the accepted reply and the server's preface. */
    public static HostileLink authenticate(int port, String tunnelId, String credential) throws Exception {
        SSLSocket s = (SSLSocket) trustingAnyCertificate().getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.startHandshake();
        HostileLink link = new HostileLink(s);
        EmbeddedChannel codec = new EmbeddedChannel(new HelloCodec());
        link.out.write(hello(tunnelId, credential));
        link.out.flush();
        int length = link.in.readInt();
        byte[] body = link.in.readNBytes(length);
        codec.writeInbound(Unpooled.buffer().writeInt(length).writeBytes(body));
        HelloReply reply = codec.readInbound();
        codec.finishAndReleaseAll();
        if (reply == null || !reply.ok()) {
            throw new IllegalStateException("hello refused: " + reply);
        }
        byte[] preface = link.in.readNBytes(PREFACE.length);
        if (!java.util.Arrays.equals(PREFACE, preface)) {
            throw new IllegalStateException("no HTTP/2 preface from the server");
        }
        return link;
    }

    /** A TLS context that trusts whatever certificate the server presents. */
    static SSLContext trustingAnyCertificate() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** An agent's hello for the tunnel and credential, as bytes on the wire. */
    static byte[] hello(String tunnelId, String credential) {
        EmbeddedChannel codec = new EmbeddedChannel(new HelloCodec());
        codec.writeOutbound(new Hello(Version.LINK_PROTOCOL, tunnelId, credential, "hostile", null));
        ByteBuf hello = codec.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(hello);
        hello.release();
        codec.finishAndReleaseAll();
        return bytes;
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

    static byte[] repeat(byte[] one, int times) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(one.length * times);
        for (int i = 0; i < times; i++) {
            b.writeBytes(one);
        }
        return b.toByteArray();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the server's frames in the background: streams it opens, its GOAWAY, and when the link ends. */
    public void startReading() {
        Thread t = new Thread(() -> {
            try {
                socket.setSoTimeout(0);
                while (true) {
                    int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
                    int type = in.readUnsignedByte();
                    in.readUnsignedByte();
                    int stream = in.readInt() & 0x7fffffff;
                    byte[] payload = in.readNBytes(length);
                    if (payload.length < length) {
                        break;
                    }
                    if (type == HEADERS) {
                        streamsOpenedByServer.add(stream);
                    } else if (type == GOAWAY && length >= 8) {
                        goAway = "GOAWAY " + errorName(ByteBuffer.wrap(payload, 4, 4).getInt());
                    }
                }
                ended("end of stream");
            } catch (IOException e) {
                ended(e.getClass().getSimpleName());
            }
        }, "hostile-reader");
        t.setDaemon(true);
        t.start();
    }

    void ended(String how) {
        if (endedAt == 0) {
            endedHow = how;
            endedAt = System.nanoTime();
        }
    }

    public boolean ended() {
        return endedAt != 0;
    }

    static String errorName(int code) {
        String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
            "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
            "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
        return code >= 0 && code < names.length ? names[code] : "error " + code;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
