// Which sockets an admin lists: each field null for "any". user matches the owner's id or email; query is a
// case-insensitive part of the name or public name.
package dev.portway.server.store;

public record SocketFilter(String user, String socketType, String query) {
}
