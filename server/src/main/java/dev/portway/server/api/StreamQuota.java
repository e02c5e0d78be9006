// Caps the live-event streams open at once per account and per client address: each stream holds a slot until it
// ends, so that one user (or one address, over many accounts) cannot hold the API's connections and memory.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.server.config.ApiLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

final class StreamQuota {
    /** What a refused client is told to wait: streams end when their clients go, seldom sooner. */
    private static final int RETRY_AFTER_SECONDS = 10;

    private final int perUser;
    private final int perAddress;
    private final Map<String, Integer> byUser = new HashMap<>();
    private final Map<String, Integer> byAddress = new HashMap<>();

    StreamQuota(ApiLimits limits) {
        this.perUser = limits.eventStreamsPerUser();
        this.perAddress = limits.eventStreamsPerAddress();
    }

    /**
     * A slot for one more stream of the user from the address; running the returned action (once or more) gives
     * it back. Throws too_many_streams (with Retry-After) when the user or the address holds all it may.
     */
    synchronized Runnable admit(String user, String address) {
        if (byUser.getOrDefault(user, 0) >= perUser) {
            throw new ApiException(ErrorCode.TOO_MANY_STREAMS, "this account has " + perUser
                    + " event streams open already (--max-event-streams-per-user); close one and try again",
                    RETRY_AFTER_SECONDS);
        }
        if (byAddress.getOrDefault(address, 0) >= perAddress) {
            throw new ApiException(ErrorCode.TOO_MANY_STREAMS, "this address has " + perAddress
                    + " event streams open already (--max-event-streams-per-ip); close one and try again",
                    RETRY_AFTER_SECONDS);
        }
        byUser.merge(user, 1, Integer::sum);
        byAddress.merge(address, 1, Integer::sum);
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(user, address);
            }
        };
    }

    private synchronized void release(String user, String address) {
        byUser.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
}
