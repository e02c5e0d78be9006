// A request head the access gate let through, passed down a visitor's pipeline with the socket it goes to and who
// signed in (null: nobody), so that the handlers after the gate need not ask again.
package dev.portway.server.edge;

import io.netty.handler.codec.http.HttpRequest;

record AdmittedRequest(HttpRequest head, EdgeSocket socket, VisitorSignIn.Visitor visitor) {
}
