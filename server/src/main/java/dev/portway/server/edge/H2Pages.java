// The edge's own answers (ErrorPages, SignInPages: complete HTTP/1.1 responses as bytes) as an HTTP/2 response on a
// visitor's stream: status and headers as HEADERS (names lower-case, the connection's own headers left out), the
// body as one DATA frame that ends the stream.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

final class H2Pages {
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private H2Pages() {
    }

    /** Writes the page (which it releases) on the stream and flushes; the stream ends with it. */
    static ChannelFuture write(Channel stream, ByteBuf page) {
        try {
            int end = headEnd(page);
            String head = page.toString(page.readerIndex(), (end < 0 ? page.writerIndex() : end) - page.readerIndex(),
                    StandardCharsets.ISO_8859_1);
            Http2Headers headers = new DefaultHttp2Headers().status(String.valueOf(ErrorPages.status(page)));
            String[] lines = head.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    if (!HOP_BY_HOP.contains(name)) {
                        headers.add(name, lines[i].substring(colon + 1).trim());
                    }
                }
            }
            int bodyAt = end < 0 ? page.writerIndex() : end + END_OF_HEAD.length;
            boolean body = bodyAt < page.writerIndex();
            if (!body) {
                return stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
            }
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            return stream.writeAndFlush(new DefaultHttp2DataFrame(page.retainedSlice(bodyAt,
                    page.writerIndex() - bodyAt), true));
        } finally {
            page.release();
        }
    }

    private static int headEnd(ByteBuf page) {
        for (int i = page.readerIndex(); i + END_OF_HEAD.length <= page.writerIndex(); i++) {
            if (page.getByte(i) == '\r' && page.getByte(i + 1) == '\n' && page.getByte(i + 2) == '\r'
                    && page.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
