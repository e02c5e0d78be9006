// Body of "create socket": a display name and a type (http for now).
package dev.portway.protocol.api;

public record CreateSocket(String name, String socketType) {
}
