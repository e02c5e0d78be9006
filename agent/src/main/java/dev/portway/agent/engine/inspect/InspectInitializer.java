// The inspector server's pipeline, assembled in one place: HTTP, a capped whole body, loopback names only, the
// events stream, the web page's files, then the JSON API.
package dev.portway.agent.engine.inspect;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

final class InspectInitializer extends ChannelInitializer<SocketChannel> {
    private final ExchangeLog log;
    private final ConnectionList connections;
    private final Executor replays;
    /** Null: this server keeps no saved sets. */
    private final SavedSets sets;
    /** Shared by the connections (and by the app's pane): it caps the set replays of this server. */
    private final SetReplay setReplay;
    private final Semaphore eventClients = new Semaphore(EventsHandler.MAX_CLIENTS);

    InspectInitializer(ExchangeLog log, ConnectionList connections, Executor replays, SavedSets sets,
                       SetReplay setReplay) {
        this.log = log;
        this.connections = connections;
        this.replays = replays;
        this.sets = sets;
        this.setReplay = setReplay;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast("http", new HttpServerCodec())
                .addLast("body", new BodyLimit(BodyLimit.MAX_BODY))
                .addLast("local", new LocalOnly())
                .addLast("events", new EventsHandler(log, connections, eventClients))
                .addLast("page", new PageHandler())
                .addLast("api", new ApiHandler(log, connections, replays,
                        sets == null ? null : new SetsApi(log, sets, setReplay, replays)));
    }
}
