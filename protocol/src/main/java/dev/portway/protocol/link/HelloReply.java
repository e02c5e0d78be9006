// Edge's answer to a Hello: accepted (with the public name) or refused (with an error code and reason).
package dev.portway.protocol.link;

import dev.portway.protocol.api.ErrorCode;

public record HelloReply(boolean ok, String errorCode, String message, String socketId, String dnsName,
                         String url) implements LinkMessage {

    public static HelloReply accepted(String socketId, String dnsName, String url) {
        return new HelloReply(true, null, null, socketId, dnsName, url);
    }

    public static HelloReply refused(ErrorCode code, String message) {
        return new HelloReply(false, code.wire(), message, null, null, null);
    }
}
