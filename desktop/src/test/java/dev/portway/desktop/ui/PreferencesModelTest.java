// Theme and connect at login: the user's choice is kept and wins over the system's; files are read and written only
// by the background executor, never by the thread that gave the command (the FX thread in the app).
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import dev.portway.desktop.system.Autostart;
import dev.portway.desktop.system.SystemTheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencesModelTest {
    @TempDir
    Path dir;
    final Deque<Runnable> background = new ArrayDeque<>();
    int systemAsked;

    SettingsStore store() {
        return new SettingsStore(dir.resolve("cfg/portway/config.json"));
    }

    Autostart autostart() {
        return new Autostart(Os.LINUX, dir.resolve("home"), Map.of(), List.of("portway", "app"));
    }

    /** A system that prefers dark, counting how often it is asked. */
    SystemTheme darkSystem() {
        return new SystemTheme(Os.LINUX, command -> {
            systemAsked++;
            return Optional.of("'prefer-dark'");
        });
    }

    AppModel model() {
        return new AppModel(store(), autostart(), darkSystem(), null, background::add, Runnable::run);
    }

    void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void theSystemsDarkIsFollowedUntilTheUserChooses() {
        AppModel first = model();
        first.start(true);
        assertEquals(0, systemAsked, "nothing read before the background runs");
        runBackground();
        assertTrue(first.preferences().darkProperty().get(), "the system prefers dark");
        first.preferences().setDark(false);
        assertFalse(first.preferences().darkProperty().get());
        assertFalse(Files.exists(store().file()), "not written by the commanding thread");
        runBackground();
        assertEquals(Settings.LIGHT, store().load().theme());

        systemAsked = 0;
        AppModel next = model();
        next.start(true);
        runBackground();
        assertFalse(next.preferences().darkProperty().get(), "the user's light wins over the system's dark");
        assertEquals(0, systemAsked, "a chosen theme needs no asking");
        next.preferences().setDark(true);
        next.preferences().setDark(false);
        next.preferences().setDark(true);
        runBackground();
        assertEquals(Settings.DARK, store().load().theme(), "the last choice is the one kept");
    }

    @Test
    void connectAtLoginWritesItsEntryInTheBackground() throws Exception {
        AppModel m = model();
        m.start(true);
        runBackground();
        assertFalse(m.preferences().connectAtLoginProperty().get());
        m.preferences().setConnectAtLogin(true);
        assertTrue(m.preferences().connectAtLoginProperty().get());
        assertFalse(autostart().isInstalled(), "not written by the commanding thread");
        runBackground();
        assertTrue(autostart().isInstalled());
        assertTrue(store().load().connectAtLogin());

        // A login item that cannot be written: its folder is a file.
        m.preferences().setConnectAtLogin(false);
        runBackground();
        Files.delete(dir.resolve("home/.config/autostart"));
        Files.writeString(dir.resolve("home/.config/autostart"), "in the way");
        m.preferences().setConnectAtLogin(true);
        runBackground();
        assertFalse(m.preferences().connectAtLoginProperty().get(), "the switch shows what is really there");
        assertTrue(m.banner().messageProperty().get().startsWith("Could not change the login item: "),
                m.banner().messageProperty().get());
        assertNull(m.signIn().errorProperty().get());
    }
}
