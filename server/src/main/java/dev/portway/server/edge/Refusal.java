// The edge's own answer to a request (an error page, a sign-in page), passed down a visitor's pipeline in the
// request's turn: it goes out after the answers to the requests before it, and the connection ends after it.
package dev.portway.server.edge;

import io.netty.buffer.ByteBuf;

record Refusal(ByteBuf page) {
}
