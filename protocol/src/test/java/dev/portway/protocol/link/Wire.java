// Two link ends in EmbeddedChannels, wired back to back: what one writes, the other reads.
package dev.portway.protocol.link;

import io.netty.channel.embedded.EmbeddedChannel;

final class Wire {
    private Wire() {
    }

    /**
     * Moves bytes both ways until neither end has anything more to say. Runs each end's pending tasks first: a link's
     * flush outside a read waits for the tasks already queued on its loop.
     */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            a.runPendingTasks();
            b.runPendingTasks();
            moved = move(a, b) | move(b, a);
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object out = from.readOutbound(); out != null; out = from.readOutbound()) {
            to.writeInbound(out);
            moved = true;
        }
        return moved;
    }
}
