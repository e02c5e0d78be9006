// The inspector server's pipeline, assembled in one place: HTTP, loopback names from the page's own origin only and
// JSON-typed bodies only (both checked on the head, so a refused request's body is never buffered nor asked for), a
// capped whole body, the events stream, the web page's files, the JSON API, and a 500 for what failed unforeseen.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;

final class InspectInitializer extends ChannelInitializer<SocketChannel> {
    private final ExchangeLog log;
    private final ConnectionList connections;
    private final Executor replays;
    /** Null: this server keeps no saved sets. */
    private final SavedSets sets;
    /** Shared by the connections (and by the app's pane): it caps the set replays of this server. */
    private final SetReplay setReplay;
    private final EventClients eventClients;

    InspectInitializer(ExchangeLog log, ConnectionList connections, Executor replays, SavedSets sets,
                       SetReplay setReplay) {
        this.log = log;
        this.connections = connections;
        this.replays = replays;
        this.sets = sets;
        this.setReplay = setReplay;
        this.eventClients = new EventClients(log, connections);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec())
                .addLast("local", new LocalOnly())
                .addLast("json", new JsonBodies())
                .addLast("body", new BodyLimit(BodyLimit.MAX_BODY))
                .addLast("events", new EventsHandler(eventClients))
                .addLast("page", new PageHandler())
                .addLast("api", new ApiHandler(log, connections, replays,
                        sets == null ? null : new SetsApi(log, sets, setReplay, replays)))
                .addLast("failures", new Failures());
    }
}
