// The clients of GET /api/events on one inspector server, and what they are told: each exchange or connection event
// is serialised once for all of them, on the inspector's event loop (the tunnel's thread that reports a change only
// queues it, in a bounded queue), and a client whose socket backs up skips events until it can take more, then
// gets "event: resync" once so the page reads the list again instead of missing a row's last state.
package dev.portway.agent.engine.inspect;

import dev.portway.agent.engine.Connection;
import dev.portway.agent.engine.Exchange;
import dev.portway.protocol.json.JsonWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class EventClients {
    /** Clients of the events at once, per server. */
    static final int MAX_CLIENTS = 16;
    /** Changes waiting for the inspector's loop, at most: past that they are dropped and every client resyncs. */
    static final int MAX_QUEUED = 1024;
    static final String RESYNC = "event: resync\ndata: {}\n\n";

    private final ExchangeLog log;
    private final ConnectionList connections;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    /** Exchanges and connections reported and not yet serialised; guarded by itself. */
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    /** Guarded by queued: a drain is scheduled; some changes were dropped since the last drain. */
    private boolean draining;
    private boolean dropped;
    private EventLoop loop;
    private Runnable unwatch;
    private Runnable unwatchConnections;

    /** One client's state, read and written on the inspector's loop. */
    static final class Client {
        private final Channel channel;
        /** It skipped an event: it is told to resync once it is writable again. */
        private boolean missed;
        /** What was last written to it: once that is out, its socket has room again. */
        private ChannelFuture lastWrite;

        private Client(Channel channel) {
            this.channel = channel;
            this.lastWrite = channel.newSucceededFuture();
        }

        /**
         * It skips an event. The resync does not rest on a writability change alone (one that fired before this
         * skip, or none at all when the buffer never crossed the low water mark, would leave the client waiting for
         * ever): once everything written before the skip is out, it is checked again, after the outbound buffer
         * has counted the write off.
         */
        private void skip() {
            if (missed) {
                return;
            }
            missed = true;
            lastWrite.addListener(f -> channel.eventLoop().execute(this::writable));
        }

        private void write(Object msg) {
            lastWrite = channel.writeAndFlush(msg);
        }

        /** Its socket can take more again: a client that skipped events is told to read the list again. */
        void writable() {
            if (missed && channel.isWritable()) {
                missed = false;
                write(text(RESYNC));
            }
        }
    }

    EventClients(ExchangeLog log, ConnectionList connections) {
        this.log = log;
        this.connections = connections;
    }

    /** A new client on its channel's loop (every channel of a server shares its one loop); null when full. */
    synchronized Client join(Channel channel) {
        if (clients.size() >= MAX_CLIENTS) {
            return null;
        }
        Client c = new Client(channel);
        clients.add(c);
        if (unwatch == null) {
            loop = channel.eventLoop();
            unwatch = log.watch(this::queue);
            unwatchConnections = connections.watch(this::queue);
        }
        return c;
    }

    synchronized void leave(Client c) {
        if (clients.remove(c) && clients.isEmpty()) {
            unwatch.run();
            unwatchConnections.run();
            unwatch = null;
            unwatchConnections = null;
        }
    }

    /** On the thread that made the change (a tunnel's loop): only queues it. */
    private void queue(Object change) {
        synchronized (queued) {
            if (queued.size() >= MAX_QUEUED) {
                dropped = true;
                return;
            }
            queued.add(change);
            if (draining) {
                return;
            }
            draining = true;
        }
        loop.execute(this::drain);
    }

    /** On the inspector's loop: serialises each change once and hands it to every client that can take it. */
    private void drain() {
        List<Object> changes;
        boolean lost;
        synchronized (queued) {
            changes = new ArrayList<>(queued);
            queued.clear();
            lost = dropped;
            dropped = false;
            draining = false;
        }
        if (lost) {
            clients.forEach(Client::skip);
        }
        for (Object change : changes) {
            ByteBuf event = Unpooled.wrappedBuffer(serialise(change).getBytes(StandardCharsets.UTF_8));
            try {
                for (Client c : clients) {
                    deliver(c, event);
                }
            } finally {
                event.release();
            }
        }
        clients.forEach(Client::writable);
    }

    private static void deliver(Client c, ByteBuf event) {
        if (!c.channel.isActive()) {
            return;
        }
        if (c.missed || !c.channel.isWritable()) {
            c.skip(); // the socket backs up: what it skips the resync makes up for
            return;
        }
        c.write(new DefaultHttpContent(event.retainedDuplicate()));
    }

    private String serialise(Object change) {
        if (change instanceof Exchange e) {
            return "event: exchange\ndata: " + JsonWriter.compact(ExchangeJson.summary(e.redacted(), log)) + "\n\n";
        }
        return "event: connection\ndata: " + JsonWriter.compact(ConnectionJson.of((Connection) change)) + "\n\n";
    }

    static DefaultHttpContent text(String s) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8)));
    }
}
