// Marker for the messages of the hello phase; anything else written to the link passes the hello codec untouched.
package dev.portway.protocol.link;

public sealed interface LinkMessage permits Hello, HelloReply {
}
