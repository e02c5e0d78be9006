// What the link pipeline tells its TunnelAgent: accepted (with the public URL) or refused (with the reason).
package dev.portway.agent.engine;

import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.HelloReply;

interface LinkEvents {
    void accepted(HelloReply reply);

    void refused(HelloReply reply);

    void failed(Throwable cause);

    /** The server said GOAWAY: it is stopping, or (with a reason) it closes this link on purpose. */
    void goingAway(GoAwayReason reason);
}
