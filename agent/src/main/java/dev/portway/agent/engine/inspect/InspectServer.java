// The local inspector: an HTTP server on 127.0.0.1 only (never another address) serving an ExchangeLog's JSON API,
// on the port asked for or, when another agent holds it, the next free one.
package dev.portway.agent.engine.inspect;

import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

public final class InspectServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 4040;
    /** Ports tried from the one asked for (4040 … 4059): enough for the agents of one machine, and bounded. */
    static final int TRIES = 20;

    private final EventLoopGroup group;
    private final ThreadPoolExecutor replays;
    private final Channel channel;

    private InspectServer(EventLoopGroup group, ThreadPoolExecutor replays, Channel channel) {
        this.group = group;
        this.replays = replays;
        this.channel = channel;
    }

    /** As start(log, new ConnectionList(), port, null). */
    public static InspectServer start(ExchangeLog log, int port) throws IOException {
        return start(log, new ConnectionList(), port, null);
    }

    /** As start(log, new ConnectionList(), port, setsDir). */
    public static InspectServer start(ExchangeLog log, int port, Path setsDir) throws IOException {
        return start(log, new ConnectionList(), port, setsDir);
    }

    /**
     * Serves log and the tcp, tls and udp connections of connections on 127.0.0.1:port, or the next free port of
     * TRIES; port 0: any free port. IOException naming the ports when none is free. Saved sets (HAR files) are kept
     * in setsDir, made owner-only when the first is saved; null: no saved sets. The callers pass inspect-sets/
     * beside the settings file of the user who runs the agent (AppDirs: ~/.config/portway on Linux; the app's
     * settings folder), also for `portway agent --config FILE`.
     */
    public static InspectServer start(ExchangeLog log, ConnectionList connections, int port, Path setsDir)
            throws IOException {
        return start(log, connections, port, setsDir, new SetReplay(log));
    }

    /** As start(log, connections, port, setsDir); a set replays one at a time with those of setReplay's other users. */
    public static InspectServer start(ExchangeLog log, ConnectionList connections, int port, Path setsDir,
                                      SetReplay setReplay) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the inspector's port is 0 to 65535, not " + port);
        }
        Transports transport = Transports.current();
        EventLoopGroup group = transport.group(1);
        // Two threads (not one that grows only once the queue is full): a set replay takes one for a while
        // (SetReplay.MAX_AT_ONCE), single replays keep the other.
        ThreadPoolExecutor replays = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                r -> {
                    Thread t = new Thread(r, "portway-inspect-replay");
                    t.setDaemon(true);
                    return t;
                });
        replays.allowCoreThreadTimeOut(true);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .childHandler(new InspectInitializer(log, connections, replays,
                        setsDir == null ? null : new SavedSets(setsDir), setReplay));
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        int last = port == 0 ? 0 : Math.min(65535, port + TRIES - 1);
        for (int p = port; p <= last; p++) {
            var bound = b.bind(new InetSocketAddress(loopback, p)).awaitUninterruptibly();
            if (bound.isSuccess()) {
                return new InspectServer(group, replays, bound.channel());
            }
            if (!(bound.cause() instanceof BindException) && !isAddressInUse(bound.cause())) {
                stop(group, replays);
                throw new IOException("the inspector could not listen on " + loopback.getHostAddress() + ":" + p
                        + " (" + bound.cause().getMessage() + ")", bound.cause());
            }
        }
        stop(group, replays);
        throw new IOException("the inspector found no free port on 127.0.0.1 from " + port + " to " + last);
    }

    /** Native transports report "address in use" as their own exception, not a BindException. */
    private static boolean isAddressInUse(Throwable t) {
        return t != null && t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT)
                .contains("address already in use");
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** What the connect commands print: http://127.0.0.1:4040/ */
    public String url() {
        return "http://" + address().getAddress().getHostAddress() + ":" + address().getPort() + "/";
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        stop(group, replays);
    }

    private static void stop(EventLoopGroup group, ThreadPoolExecutor replays) {
        replays.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
