// A hostile agent: it authenticates with a real tunnel credential over TLS, then writes hand-made HTTP/2 frames
// (RawFrames, or anything else) to the server. It plays the HTTP/2 server's role, as a real agent does, with the
// protocol tests' scripted peer reading what the server writes.
package dev.portway.agent.reliability;

import dev.portway.protocol.Version;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloCodec;
import dev.portway.protocol.link.HelloReply;
import dev.portway.protocol.link.InFrame;
import dev.portway.protocol.link.RawFrames;
import dev.portway.protocol.link.ScriptedPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

public final class HostileLink implements AutoCloseable {
    private final SSLSocket socket;
    private final DataInputStream in;
    private final ScriptedPeer peer;
    final List<Integer> streamsOpenedByServer = new CopyOnWriteArrayList<>();
    volatile String goAway;
    volatile long endedAt;
    volatile String endedHow;

    private HostileLink(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.peer = ScriptedPeer.answering(in, socket.getOutputStream());
    }

    /** TLS (trusting any certificate), the hello with the credential, the accepted reply and the server's preface. */
    public static HostileLink authenticate(int port, String tunnelId, String credential) throws Exception {
        SSLSocket s = (SSLSocket) trustingAnyCertificate().getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.startHandshake();
        HostileLink link = new HostileLink(s);
        EmbeddedChannel codec = new EmbeddedChannel(new HelloCodec());
        link.peer.send(hello(tunnelId, credential));
        int length = link.in.readInt();
        byte[] body = link.in.readNBytes(length);
        codec.writeInbound(Unpooled.buffer().writeInt(length).writeBytes(body));
        HelloReply reply = codec.readInbound();
        codec.finishAndReleaseAll();
        if (reply == null || !reply.ok()) {
            throw new IllegalStateException("hello refused: " + reply);
        }
        byte[] preface = link.in.readNBytes(RawFrames.PREFACE.length);
        if (!java.util.Arrays.equals(RawFrames.PREFACE, preface)) {
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

    public void write(byte[] bytes) throws IOException {
        peer.send(bytes);
    }

    /** Reads the server's frames in the background: streams it opens, its GOAWAY, and when the link ends. */
    public void startReading() {
        Thread t = new Thread(() -> {
            try {
                socket.setSoTimeout(0);
                while (true) { // until the server closes the link: EOFException
                    InFrame f = peer.take();
                    if (f.type() == RawFrames.HEADERS) {
                        streamsOpenedByServer.add(f.stream());
                    } else if (f.type() == RawFrames.GOAWAY && f.payload().length >= 8) {
                        goAway = "GOAWAY " + RawFrames.errorName(f.errorCode());
                    }
                }
            } catch (IOException | RuntimeException | AssertionError e) {
                ended(e.getClass().getSimpleName()); // a broken frame from the server ends the link as well
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
