// Small HTML error pages the edge answers with, written as raw HTTP/1.1 responses that close the connection.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

final class ErrorPages {
    private static final int STATUS_AT = "HTTP/1.1 ".length();

    private ErrorPages() {
    }

    static ByteBuf unknownName(ByteBufAllocator alloc, String host) {
        return page(alloc, 404, "Not Found", "No such socket",
                "There is no Portway socket named <b>" + esc(host) + "</b> on this server. "
                        + "Check the address, or create the socket with <code>portway socket create</code>.");
    }

    static ByteBuf noTunnel(ByteBufAllocator alloc, String host) {
        return page(alloc, 502, "Bad Gateway", "No tunnel online",
                "The socket <b>" + esc(host) + "</b> exists, but no tunnel is connected to it right now. "
                        + "Start one with <code>portway tunnel connect</code> on the machine that runs the service.");
    }

    static ByteBuf localRefused(ByteBufAllocator alloc, String host, String reason) {
        return page(alloc, 502, "Bad Gateway", "Local service unreachable",
                "The tunnel for <b>" + esc(host) + "</b> is online, but the agent " + esc(reason)
                        + ". Is the local service running?");
    }

    static ByteBuf forbidden(ByteBufAllocator alloc, String host, String ip) {
        return page(alloc, 403, "Forbidden", "Address not allowed",
                "The socket <b>" + esc(host) + "</b> admits visitors from a list of addresses, and <b>" + esc(ip)
                        + "</b> is not on it.");
    }

    static ByteBuf unauthorized(ByteBufAllocator alloc, String host) {
        return page(alloc, 401, "Unauthorized", "Sign-in required",
                "The socket <b>" + esc(host) + "</b> is protected: sign in with the user name and password its "
                        + "owner gave you.",
                "WWW-Authenticate: Basic realm=\"" + host + "\", charset=\"UTF-8\"\r\n");
    }

    static ByteBuf redirect(ByteBufAllocator alloc, String location) {
        return page(alloc, 308, "Permanent Redirect", "Moved to HTTPS",
                "This socket is served over HTTPS: <a href=\"" + esc(location) + "\">" + esc(location) + "</a>.",
                "Location: " + location + "\r\n");
    }

    static ByteBuf notHttp(ByteBufAllocator alloc, String host, String type, String address) {
        return page(alloc, 400, "Bad Request", "Not an HTTP socket",
                "The socket <b>" + esc(host) + "</b> is a " + esc(type.toUpperCase(java.util.Locale.ROOT))
                        + " socket: connect to <code>" + esc(address) + "</code> instead.");
    }

    static ByteBuf tooManyUnknownNames(ByteBufAllocator alloc, long seconds) {
        return page(alloc, 429, "Too Many Requests", "Too many unknown names",
                "This address asked for too many names that are no socket here. Try again in " + seconds + " s.",
                "Retry-After: " + seconds + "\r\n");
    }

    static ByteBuf tooManyWrongPasswords(ByteBufAllocator alloc, long seconds) {
        return page(alloc, 429, "Too Many Requests", "Too many wrong passwords",
                "This address sent too many wrong passwords. Try again in " + seconds + " s.",
                "Retry-After: " + seconds + "\r\n");
    }

    static ByteBuf badRequest(ByteBufAllocator alloc, String why) {
        return page(alloc, 400, "Bad Request", "Bad request", esc(why));
    }

    /** The status code of a page from here: the three digits after "HTTP/1.1 ". */
    static int status(ByteBuf page) {
        int at = page.readerIndex() + STATUS_AT;
        return (page.getByte(at) - '0') * 100 + (page.getByte(at + 1) - '0') * 10 + page.getByte(at + 2) - '0';
    }

    static ByteBuf page(ByteBufAllocator alloc, int status, String reason, String title, String html) {
        return page(alloc, status, reason, title, html, "");
    }

    /** extraHeaders: complete header lines, each ending in CRLF. */
    static ByteBuf page(ByteBufAllocator alloc, int status, String reason, String title, String html,
                                String extraHeaders) {
        String body = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + status + " " + title
                + "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;"
                + "color:#222}h1{font-size:1.4em}small{color:#777}</style></head>\n<body><h1>" + status + " &middot; "
                + title + "</h1>\n<p>" + html + "</p>\n<p><small>Portway edge</small></p></body></html>\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + extraHeaders
                + "Connection: close\r\n\r\n";
        ByteBuf buf = alloc.buffer(head.length() + bytes.length);
        buf.writeCharSequence(head, StandardCharsets.US_ASCII);
        buf.writeBytes(bytes);
        return buf;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
