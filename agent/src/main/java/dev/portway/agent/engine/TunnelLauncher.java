// Prepares a tunnel agent from API calls (server info, a fresh credential), waiting out an unreachable server.
package dev.portway.agent.engine;

import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.link.LinkSettings;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

public final class TunnelLauncher {
    private TunnelLauncher() {
    }

    /** Calls the API; while the server cannot be reached, reports and retries with backoff until it can. */
    public static <T> T untilReachable(Supplier<T> call, AgentListener listener) throws InterruptedException {
        return untilReachable(call, listener, () -> false);
    }

    /** As above, giving up (null) once cancelled says so. */
    public static <T> T untilReachable(Supplier<T> call, AgentListener listener, BooleanSupplier cancelled)
            throws InterruptedException {
        Backoff backoff = Backoff.standard();
        while (!cancelled.getAsBoolean()) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (!ApiException.UNREACHABLE.equals(e.code())) {
                    throw e;
                }
                Duration d = backoff.next();
                listener.onStatus(AgentStatus.RETRYING, "retrying in " + d.toMillis() / 100 / 10.0 + " s ("
                        + e.getMessage() + ")");
                Thread.sleep(d.toMillis());
            }
        }
        return null;
    }

    /** Gets what the link needs and returns a started agent for the tunnel. */
    public static TunnelAgent launch(ApiClient api, String socketId, String tunnelId, LocalTarget target,
                                     AgentListener listener) throws InterruptedException {
        return launch(api, socketId, tunnelId, target, listener, () -> false);
    }

    /** As above, on the caller's event loop (which the caller shuts down once the agent is closed). */
    public static TunnelAgent launch(ApiClient api, String socketId, String tunnelId, LocalTarget target,
                                     AgentListener listener, EventLoopGroup loop) throws InterruptedException {
        return launch(api, socketId, tunnelId, target, listener, () -> false, loop);
    }

    /**
     * As above, for a caller that may change its mind: once cancelled says so, it returns null without rotating the
     * tunnel's credential (which would cut off another agent that holds it).
     */
    public static TunnelAgent launch(ApiClient api, String socketId, String tunnelId, LocalTarget target,
                                     AgentListener listener, BooleanSupplier cancelled) throws InterruptedException {
        return launch(api, socketId, tunnelId, target, listener, cancelled, null);
    }

    private static TunnelAgent launch(ApiClient api, String socketId, String tunnelId, LocalTarget target,
                                      AgentListener listener, BooleanSupplier cancelled, EventLoopGroup loop)
            throws InterruptedException {
        ServerInfo info = untilReachable(api::serverInfo, listener, cancelled);
        TunnelInfo fresh = info == null ? null
                : untilReachable(() -> api.newCredential(socketId, tunnelId), listener, cancelled);
        if (fresh == null || cancelled.getAsBoolean()) {
            return null;
        }
        return start(api, info, tunnelId, fresh.credential(), target, listener, loop);
    }

    /**
     * Starts an agent for the tunnel with a credential it was given (an unattended agent holds one, not the
     * owner's token); info: what the server said about its tunnel port. loop: the event loop it runs on, the
     * caller's to shut down once the agent is closed; null: the agent runs its own.
     */
    public static TunnelAgent start(ApiClient api, ServerInfo info, String tunnelId, String credential,
                                    LocalTarget target, AgentListener listener, EventLoopGroup loop) {
        TunnelAgent agent = new TunnelAgent(new TunnelAgent.LinkEndpoint(api.host(), info.tunnelPort(),
                info.tunnelFingerprint(), tunnelId, credential), target, listener, LinkSettings.DEAD_AFTER, loop)
                .rereadFingerprintWith(() -> api.serverInfo().tunnelFingerprint())
                .alsoVia(info.tunnelNodes());
        agent.start();
        return agent;
    }
}
