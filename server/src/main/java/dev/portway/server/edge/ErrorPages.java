// Small HTML error pages the edge answers with, written as raw HTTP/1.1 responses that close the connection.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

final class ErrorPages {
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

    static ByteBuf badRequest(ByteBufAllocator alloc, String why) {
        return page(alloc, 400, "Bad Request", "Bad request", esc(why));
    }

    static ByteBuf page(ByteBufAllocator alloc, int status, String reason, String title, String html) {
        String body = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + status + " " + title
                + "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;"
                + "color:#222}h1{font-size:1.4em}small{color:#777}</style></head>\n<body><h1>" + status + " &middot; "
                + title + "</h1>\n<p>" + html + "</p>\n<p><small>Portway edge</small></p></body></html>\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Cache-Control: no-store\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuf buf = alloc.buffer(head.length() + bytes.length);
        buf.writeCharSequence(head, StandardCharsets.US_ASCII);
        buf.writeBytes(bytes);
        return buf;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
