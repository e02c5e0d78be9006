// First message on a tunnel link, agent to edge: who I am and the tunnel credential that proves it.
package dev.portway.protocol.link;

/** agent: the program and its version; host: the agent machine's name, shown to the tunnel's owner (may be null). */
public record Hello(int version, String tunnelId, String credential, String agent, String host)
        implements LinkMessage {
}
