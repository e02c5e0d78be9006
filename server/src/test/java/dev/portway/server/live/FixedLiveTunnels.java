// LiveTunnels for tests of its readers (API views, metrics, events): fixed records, no link, no registry.
package dev.portway.server.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public final class FixedLiveTunnels implements LiveTunnels {
    private final List<LiveTunnel> here = new ArrayList<>();
    private final List<LiveTunnel> elsewhere = new ArrayList<>();

    /** A link this server holds, connected now. */
    public FixedLiveTunnels here(String tunnelId, long bytesIn, long bytesOut, int openStreams) {
        here.add(new LiveTunnel(tunnelId, "socket", "name.localhost", "owner", null, "laptop", "192.0.2.7",
                "portway/1.0", "localhost:8000", Instant.parse("2026-01-02T03:04:05Z"), bytesIn, bytesOut,
                openStreams));
        return this;
    }

    /** A link another node holds. */
    public FixedLiveTunnels elsewhere(String tunnelId, String nodeId) {
        elsewhere.add(LiveTunnel.elsewhere(tunnelId, "socket", "name.localhost", nodeId, "desktop", "198.51.100.9",
                Instant.parse("2026-01-02T03:04:06Z")));
        return this;
    }

    /** The link held here of that tunnel ends (its record goes). */
    public void end(String tunnelId) {
        here.removeIf(t -> t.tunnelId().equals(tunnelId));
    }

    @Override
    public List<LiveTunnel> here() {
        return List.copyOf(here);
    }

    @Override
    public Optional<LiveTunnel> here(String tunnelId) {
        return here.stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst();
    }

    @Override
    public List<LiveTunnel> elsewhere() {
        return List.copyOf(elsewhere);
    }

    @Override
    public Optional<LiveTunnel> elsewhere(String tunnelId) {
        return elsewhere.stream().filter(t -> t.tunnelId().equals(tunnelId)).findFirst();
    }

    @Override
    public int size() {
        return here.size();
    }

    @Override
    public int openStreams() {
        return here.stream().mapToInt(LiveTunnel::openStreams).sum();
    }
}
