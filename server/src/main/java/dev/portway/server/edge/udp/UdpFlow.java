// One visitor address and port on a udp socket: its stream to a tunnel, the few datagrams that wait while the
// stream opens, and its idle deadline. Lives on its port's event loop; the stream lives on its link's.
package dev.portway.server.edge.udp;

import dev.portway.protocol.link.DatagramBuffers;
import dev.portway.protocol.link.DatagramFrames;
import dev.portway.protocol.link.StreamMeta;
import dev.portway.protocol.link.WaitingDatagrams;
import dev.portway.server.edge.EdgeSocket;
import dev.portway.server.edge.VisitorStreams;
import dev.portway.server.link.TunnelSession;
import dev.portway.server.metrics.UdpDrop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class UdpFlow {
    private static final Logger LOG = LoggerFactory.getLogger(UdpFlow.class);

    final InetSocketAddress visitor;
    /** Written to in the port's current read batch (the table flushes it once at the end). */
    boolean dirty;
    private final UdpEdge edge;
    private final UdpFlowTable table;
    private final Channel port;
    private final long idleNanos;
    /** What waits for the stream to open; more is dropped (QUEUE_FULL). */
    private WaitingDatagrams waiting = new WaitingDatagrams();
    private Http2StreamChannel stream;
    private TunnelSession session;
    private boolean closed;
    /** The service answered at least once: a visitor that is there (a spoofed source's flow never gets one). */
    private volatile boolean replied;
    private ScheduledFuture<?> idleCheck;
    /** When a datagram last passed either way (System.nanoTime); replies set it from the link's loop. */
    private volatile long lastActive = System.nanoTime();

    UdpFlow(UdpEdge edge, UdpFlowTable table, Channel port, InetSocketAddress visitor) {
        this.edge = edge;
        this.table = table;
        this.port = port;
        this.visitor = visitor;
        this.idleNanos = edge.limits.idleTimeout().toNanos();
    }

    void start(EdgeSocket socket) {
        idleCheck = port.eventLoop().schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
        StreamMeta meta = new StreamMeta(StreamMeta.KIND_UDP, socket.id(),
                visitor.getAddress().getHostAddress() + ":" + visitor.getPort(), StreamMeta.KIND_UDP);
        edge.streams.openInPlace(socket.dnsName(), meta,
                s -> new FlowReplies(this, s, port, edge.meters),
                (opened, failure) -> onPortLoop(() -> {
                    if (failure != null) {
                        failed(socket, failure);
                    } else {
                        opened(opened);
                    }
                }, opened));
    }

    /** Takes the datagram toward the agent; true when it was written to the stream (which then wants a flush). */
    boolean send(ByteBuf datagram) {
        touch();
        if (closed) { // no tunnel online: the flow ended as it started
            datagram.release();
            edge.dropped(UdpDrop.NO_TUNNEL);
            return false;
        }
        if (stream == null) {
            if (!waiting.offer(datagram)) {
                datagram.release();
                edge.dropped(UdpDrop.QUEUE_FULL);
            }
            return false;
        }
        return forward(datagram);
    }

    /** Never buffered past the stream's own window and queue: a stream that cannot take it drops it. */
    private boolean forward(ByteBuf datagram) {
        if (!stream.isWritable()) {
            datagram.release();
            edge.dropped(UdpDrop.QUEUE_FULL);
            return false;
        }
        int size = datagram.readableBytes();
        edge.meters.in(size);
        session.addIn(size);
        stream.write(DatagramFrames.frame(stream.alloc(), datagram));
        return true;
    }

    void flush() {
        if (stream != null) {
            stream.flush();
        }
    }

    /** A reply went back to the visitor (on the link's loop). */
    void replied() {
        replied = true;
    }

    /** Whether the service ever answered: a full table makes room by ending the oldest flow that was not. */
    boolean wasReplied() {
        return replied;
    }

    /** A datagram passed (either way): the idle deadline moves on. */
    void touch() {
        lastActive = System.nanoTime();
    }

    private void opened(VisitorStreams.Opened opened) {
        if (closed) {
            opened.stream().close();
            return;
        }
        stream = opened.stream();
        stream.config().setWriteBufferWaterMark(DatagramBuffers.streamWaterMark());
        session = opened.session();
        edge.meters.flowOpened();
        // The agent gone, the link lost: the flow ends, and the visitor's next datagram opens one on another tunnel.
        stream.closeFuture().addListener(f -> onPortLoop(this::close, null));
        boolean wrote = false;
        // Polled, not iterated: a datagram handed on is the stream's, and must not stay here for close() to free.
        for (ByteBuf datagram = waiting.poll(); datagram != null; datagram = closed ? null : waiting.poll()) {
            wrote |= forward(datagram);
        }
        if (closed) { // the stream closed under a write (its loop is this one): close() freed the rest
            return;
        }
        waiting = null;
        if (wrote) {
            stream.flush();
        }
    }

    private void failed(EdgeSocket socket, Throwable failure) {
        if (closed) { // ended (idle, or its port released) while the stream was opening
            return;
        }
        LOG.debug("udp socket {}: no stream for {}: {}", socket.dnsName(), visitor, failure.toString());
        for (int i = waiting.size(); i > 0; i--) {
            edge.dropped(UdpDrop.NO_TUNNEL);
        }
        close();
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long idle = System.nanoTime() - lastActive;
        if (idle >= idleNanos) {
            close();
        } else {
            idleCheck = port.eventLoop().schedule(this::checkIdle, idleNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    /** Ends the flow (on the port's loop): out of the table, its stream closed, so the agent closes its socket. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        table.ended(this);
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        // The flow's end counted and its stream closed first: nothing below may keep them from happening.
        if (stream != null) {
            edge.meters.flowClosed();
            stream.close();
        }
        if (waiting != null) {
            waiting.release();
            waiting = null;
        }
    }

    /** Runs on the port's loop; when that has stopped (the server is stopping), the stream just opened is closed. */
    private void onPortLoop(Runnable task, VisitorStreams.Opened opened) {
        if (port.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            port.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            if (opened != null) {
                opened.stream().close();
            }
        }
    }
}
