// The servers whose certificate this user has trusted, as ssh's known_hosts: one "HOST:PORT SHA256" line each.
package dev.portway.agent.engine.trust;

import dev.portway.protocol.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

public final class KnownServers {
    private final Path file;
    private final Map<String, String> memory = new LinkedHashMap<>();

    public KnownServers(Path file) {
        this.file = file;
    }

    /** Kept for this process only. */
    public static KnownServers inMemory() {
        return new KnownServers(null);
    }

    public Path file() {
        return file;
    }

    /** The fingerprint trusted for a server ("host:port"), if any. */
    public synchronized Optional<String> fingerprint(String authority) {
        return Optional.ofNullable(read().get(authority));
    }

    /** Every trusted server ("host:port") with its fingerprint, in file order. */
    public synchronized Map<String, String> all() {
        return read();
    }

    /** Trusts the fingerprint for the server from now on, replacing what was trusted before. */
    public synchronized void trust(String authority, String fingerprint) {
        Map<String, String> all = read();
        all.put(authority, fingerprint);
        write(all);
    }

    private Map<String, String> read() {
        Map<String, String> all = new LinkedHashMap<>(memory);
        if (file == null || !Files.exists(file)) {
            return all;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && !parts[0].startsWith("#")) {
                    all.put(parts[0], parts[1]);
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Map<String, String> all) {
        if (file == null) {
            memory.putAll(all);
            return;
        }
        StringBuilder text = new StringBuilder();
        all.forEach((server, fp) -> text.append(server).append(' ').append(fp).append('\n'));
        try {
            FilePermissions.writeOwnerOnly(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
