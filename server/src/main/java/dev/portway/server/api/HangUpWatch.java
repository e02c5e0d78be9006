// Notices a client that hangs up while its response is still open (an event stream): Jetty reads nothing from a
// connection until the response ends, so without this a half-closed stream would only be seen when a write fails.
package dev.portway.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

final class HangUpWatch implements Callback {
    private final EndPoint endPoint;
    private final Runnable gone;
    private final ByteBuffer sink = BufferUtil.allocate(256);

    private HangUpWatch(EndPoint endPoint, Runnable gone) {
        this.endPoint = endPoint;
        this.gone = gone;
    }

    /** Runs gone (perhaps more than once) when the request's client closes its side or the connection fails. */
    static void watch(Context ctx, Runnable gone) {
        new HangUpWatch(Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint(), gone).arm();
    }

    private void arm() {
        // False: the connection reads already (a pipelined request), and then it sees the close itself.
        endPoint.tryFillInterested(this);
    }

    @Override
    public void succeeded() {
        try {
            int n;
            do {
                // A stream's client has nothing more to say: whatever it sends is dropped.
                BufferUtil.clear(sink);
                n = endPoint.fill(sink);
            } while (n > 0);
            if (n < 0) {
                gone.run();
            } else {
                arm();
            }
        } catch (IOException e) {
            gone.run();
        }
    }

    @Override
    public void failed(Throwable x) {
        gone.run();
    }
}
