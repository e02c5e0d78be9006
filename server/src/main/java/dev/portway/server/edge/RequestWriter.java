// Turns decoded HTTP/1.1 request parts back into bytes for the stream, re-chunking bodies that came chunked (their
// trailers scrubbed as the headers are: see VisitorHeaders).
// Netty decodes heads byte-per-char (ISO-8859-1), so they are written back the same way, byte-exact.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

final class RequestWriter {
    private boolean chunked;

    /** The request line and headers, as bytes. */
    ByteBuf head(ByteBufAllocator alloc, HttpRequest req) {
        chunked = HttpUtil.isTransferEncodingChunked(req);
        ByteBuf buf = alloc.buffer(256);
        buf.writeCharSequence(req.method().name(), StandardCharsets.US_ASCII);
        buf.writeByte(' ');
        buf.writeCharSequence(req.uri(), StandardCharsets.ISO_8859_1);
        buf.writeByte(' ');
        buf.writeCharSequence(req.protocolVersion().text(), StandardCharsets.US_ASCII);
        buf.writeShort(0x0d0a);
        for (Map.Entry<String, String> h : req.headers()) {
            buf.writeCharSequence(h.getKey(), StandardCharsets.US_ASCII);
            buf.writeShort(0x3a20);
            buf.writeCharSequence(h.getValue(), StandardCharsets.ISO_8859_1);
            buf.writeShort(0x0d0a);
        }
        buf.writeShort(0x0d0a);
        return buf;
    }

    /** Emits the body part's bytes (ownership of its content passes to the sink). */
    void content(ByteBufAllocator alloc, HttpContent part, Consumer<ByteBuf> sink) {
        ByteBuf data = part.content();
        boolean last = part instanceof LastHttpContent;
        if (!chunked) {
            if (data.isReadable()) {
                sink.accept(data);
            } else {
                data.release();
            }
            return;
        }
        if (data.isReadable()) {
            ByteBuf size = alloc.buffer(12);
            size.writeCharSequence(Integer.toHexString(data.readableBytes()), StandardCharsets.US_ASCII);
            size.writeShort(0x0d0a);
            sink.accept(size);
            sink.accept(data);
            sink.accept(ByteBufUtil.writeAscii(alloc, "\r\n"));
        } else {
            data.release();
        }
        if (last) {
            ByteBuf end = alloc.buffer(64);
            end.writeCharSequence("0\r\n", StandardCharsets.US_ASCII);
            // Origins that merge trailers into the headers would read a claimed identity or the edge's cookie.
            HttpHeaders trailers = ((LastHttpContent) part).trailingHeaders();
            VisitorHeaders.scrub(trailers);
            for (Map.Entry<String, String> t : trailers) {
                end.writeCharSequence(t.getKey() + ": " + t.getValue() + "\r\n", StandardCharsets.ISO_8859_1);
            }
            end.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
            sink.accept(end);
        }
    }
}
