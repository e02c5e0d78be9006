// How many sockets, and of them dedicated ports (tcp, tls), one account may hold.
package dev.portway.server.store;

public record Quota(int sockets, int ports) {
}
