// Real listeners on loopback: visitors accepted by an edge listener start on the loop of the link that took the
// previous visitor; connections of a listener without the hint (the tunnel port) still take turns.
package dev.portway.server.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.protocol.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VisitorLoopsTest {
    private final VisitorLoops loops = new VisitorLoops();
    private final EventLoopGroup boss = Transports.current().group(1);
    private final EventLoopGroup workers = Transports.current().group(4, loops);

    @AfterEach
    void stop() {
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void visitorsStartOnTheLoopOfTheLastLinkUsed() throws Exception {
        EventLoop linkLoop = workers.next();
        workers.next(); // the next in turn differs: a hint that was ignored would show
        loops.tookVisitor(linkLoop);
        List<EventLoop> landed = accept(true, 6);
        assertTrue(landed.stream().allMatch(l -> l == linkLoop), landed.toString());

        EventLoop other = workers.next();
        loops.tookVisitor(other);
        assertTrue(accept(true, 3).stream().allMatch(l -> l == other));
    }

    @Test
    void otherListenersAndOtherRegistrationsStillTakeTurns() throws Exception {
        loops.tookVisitor(workers.next());
        Set<EventLoop> landed = new HashSet<>(accept(false, 8));
        assertEquals(4, landed.size(), "a listener without the hint spreads its connections over every loop");
    }

    @Test
    void withoutAnyVisitorYetTurnsAreTaken() throws Exception {
        assertEquals(4, new HashSet<>(accept(true, 8)).size());
    }

    /** Accepts count connections on a fresh listener; the loops they were registered on, in order. */
    private List<EventLoop> accept(boolean visitorListener, int count) throws Exception {
        List<EventLoop> landed = new CopyOnWriteArrayList<>();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(Transports.current().serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        landed.add(ch.eventLoop());
                    }
                });
        if (visitorListener) {
            b.handler(loops.acceptHint());
        }
        Channel listener = b.bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        List<Socket> clients = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                clients.add(new Socket("127.0.0.1", port));
                int accepted = i + 1;
                // One at a time, so that the order of turns is the order of connections.
                await().atMost(10, TimeUnit.SECONDS).until(() -> landed.size() == accepted);
            }
            return List.copyOf(landed);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            listener.close().sync();
        }
    }
}
