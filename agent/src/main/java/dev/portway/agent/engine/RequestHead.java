// One complete HTTP/1.x request head, written again with its Host header replaced (or kept) and, for a pooled
// connection, without the visitor's "close" in its Connection header (the visitor's close ends its stream, not the
// connection to the origin). Other header lines are copied byte for byte. Only heads that change come here (the
// rewriter follows framing with Http1Scanner); what cannot be followed safely is refused.
package dev.portway.agent.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

final class RequestHead {
    private static final byte[] HOST = ascii("host");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] HOST_LINE = ascii("Host: ");
    private static final byte[] CONNECTION_LINE = ascii("Connection: ");
    private static final byte[] HTTP_1 = ascii("HTTP/1.");

    /** The bytes cannot be followed as HTTP/1.x: the connection must end. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private RequestHead() {
    }

    /**
     * Reads the head in [from, to) (to: just after the empty line that ends it) and writes it again, the first Host
     * line's value replaced by host (one added when there is none), further Host lines dropped; host null: Host
     * lines as they are. dropClose: the "close" token leaves the Connection header (the line too if it was alone).
     *
     * @throws Malformed when it is not an HTTP/1.x request head or its framing is unclear
     */
    static ByteBuf rewrite(ByteBuf in, int from, int to, byte[] host, boolean dropClose, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(to - from + (host == null ? 0 : host.length) + 8);
        try {
            long length = -1;
            boolean hostWritten = false;
            boolean inHost = false;
            boolean started = false;
            int at = from;
            while (at < to) {
                int lf = in.indexOf(at, to, (byte) '\n');
                int end = lf > at && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
                int next = lf + 1;
                if (end == at) { // an empty line: before the request line (allowed), or the head's end
                    if (started) {
                        if (!hostWritten && host != null) {
                            writeHost(out, host);
                        }
                        out.writeBytes(in, at, next - at);
                        break;
                    }
                } else if (!started) {
                    checkRequestLine(in, at, end);
                    started = true;
                } else if (in.getByte(at) == ' ' || in.getByte(at) == '\t') {
                    if (inHost) { // an obsolete continuation of the Host line being replaced
                        at = next;
                        continue;
                    }
                } else {
                    int colon = in.indexOf(at, end, (byte) ':');
                    if (colon < 0) {
                        throw new Malformed("a header line without a colon");
                    }
                    inHost = host != null && named(in, at, colon, HOST);
                    if (dropClose && named(in, at, colon, CONNECTION)) {
                        writeWithoutClose(out, in.toString(colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1));
                        at = next;
                        continue;
                    }
                    if (inHost) {
                        if (!hostWritten) {
                            writeHost(out, host);
                            hostWritten = true;
                        }
                        at = next;
                        continue;
                    }
                    if (named(in, at, colon, CONTENT_LENGTH)) {
                        long value = number(in, colon + 1, end);
                        if (length >= 0 && length != value) {
                            throw new Malformed("two different Content-Length headers");
                        }
                        length = value;
                    } else if (named(in, at, colon, TRANSFER_ENCODING)) {
                        // The last coding frames the body; anything other than chunked cannot be followed.
                        String codings = in.toString(colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1).strip();
                        if (!codings.regionMatches(true, codings.length() - 7, "chunked", 0, 7)) {
                            throw new Malformed("a body framed by Transfer-Encoding: " + codings);
                        }
                    }
                }
                out.writeBytes(in, at, next - at);
                at = next;
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** The Connection header's tokens other than "close", if any are left; the line goes when none is. */
    private static void writeWithoutClose(ByteBuf out, String value) {
        StringBuilder kept = new StringBuilder();
        for (String token : value.split(",")) {
            String t = token.strip();
            if (!t.isEmpty() && !t.equalsIgnoreCase("close")) {
                kept.append(kept.isEmpty() ? "" : ", ").append(t);
            }
        }
        if (!kept.isEmpty()) {
            out.writeBytes(CONNECTION_LINE).writeCharSequence(kept, StandardCharsets.ISO_8859_1);
            out.writeShort(0x0d0a);
        }
    }

    /** Checks the request line is "METHOD TARGET HTTP/1.x". */
    private static void checkRequestLine(ByteBuf in, int from, int end) {
        int space = in.indexOf(from, end, (byte) ' ');
        int last = space < 0 ? -1 : lastSpace(in, space, end);
        if (space <= from || last <= space + 1 || end - last - 1 != HTTP_1.length + 1
                || !matches(in, last + 1, HTTP_1)) {
            throw new Malformed("not an HTTP/1.x request line");
        }
    }

    private static int lastSpace(ByteBuf in, int after, int end) {
        for (int i = end - 1; i > after; i--) {
            if (in.getByte(i) == ' ') {
                return i;
            }
        }
        return after;
    }

    private static void writeHost(ByteBuf out, byte[] host) {
        out.writeBytes(HOST_LINE).writeBytes(host).writeShort(0x0d0a);
    }

    /** Whether the header name in [from, colon) is name (given in lower case), ignoring case. */
    private static boolean named(ByteBuf in, int from, int colon, byte[] name) {
        if (colon - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            byte b = in.getByte(from + i);
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(ByteBuf in, int at, byte[] what) {
        for (int i = 0; i < what.length; i++) {
            if (in.getByte(at + i) != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static long number(ByteBuf in, int from, int end) {
        String text = in.toString(from, end - from, StandardCharsets.ISO_8859_1).strip();
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Malformed("a Content-Length that is not a number");
        }
        return Long.parseLong(text);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
