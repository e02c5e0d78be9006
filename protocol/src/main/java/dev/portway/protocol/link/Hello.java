// First message on a tunnel link, agent to edge: who I am and the tunnel credential that proves it.
package dev.portway.protocol.link;

public record Hello(int version, String tunnelId, String credential, String agent) implements LinkMessage {
}
