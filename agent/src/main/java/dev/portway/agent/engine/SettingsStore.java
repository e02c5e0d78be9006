// Reads and writes config.json in the settings folder (AppDirs: ~/.config/portway on Linux), owner-only.
package dev.portway.agent.engine;

import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.agent.system.AppDirs;
import dev.portway.protocol.FilePermissions;
import dev.portway.protocol.Json;
import dev.portway.protocol.json.JsonReader;
import dev.portway.protocol.json.RecordMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

public final class SettingsStore {
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The default location, by the system's convention (AppDirs). */
    public static SettingsStore standard(Map<String, String> env) {
        return new SettingsStore(AppDirs.current(env).settingsFile());
    }

    public Path file() {
        return file;
    }

    /** The certificates this user trusts, next to the settings. */
    public KnownServers knownServers() {
        return new KnownServers(file.resolveSibling("known_servers"));
    }

    public Settings load() {
        if (!Files.exists(file)) {
            return Settings.EMPTY;
        }
        try {
            // Read without Jackson: a connect reads the settings and then runs for days.
            return RecordMapping.read(JsonReader.parse(Files.readString(file)), Settings.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Changes the saved settings in one step: no other update through this store comes between its load and save. */
    public synchronized void update(UnaryOperator<Settings> change) {
        save(change.apply(load()));
    }

    /** Writes atomically: a temp file made owner-only first, then moved over the old one. */
    public void save(Settings settings) {
        try {
            FilePermissions.writeOwnerOnly(file, Json.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(settings));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
