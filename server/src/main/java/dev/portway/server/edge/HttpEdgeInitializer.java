// Assembles a visitor connection's pipeline on the HTTP or HTTPS port: [TLS] → HTTP request decoder → router.
package dev.portway.server.edge;

import dev.portway.server.link.TunnelRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;

public final class HttpEdgeInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 32 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final SslContext ssl;
    private final TunnelRegistry registry;
    private final SocketDirectory directory;

    /** ssl null: the plain HTTP port. */
    public HttpEdgeInitializer(SslContext ssl, TunnelRegistry registry, SocketDirectory directory) {
        this.ssl = ssl;
        this.registry = registry;
        this.directory = directory;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (ssl != null) {
            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
        }
        ch.pipeline().addLast("http", new HttpRequestDecoder(MAX_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast("router", new HttpVisitorHandler(registry, directory, ssl == null ? "http" : "https"));
    }
}
