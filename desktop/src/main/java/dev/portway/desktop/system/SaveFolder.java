// Where a file the person saves goes unless they pick another folder: Downloads when there is one, else home (the
// app's working folder is wherever it was started from, often / or the install folder). ~/Downloads is where Linux
// (xdg-user-dirs, in English), macOS and Windows (%USERPROFILE%\Downloads) all keep it by default.
package dev.portway.desktop.system;

import dev.portway.agent.system.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;

public final class SaveFolder {
    private SaveFolder() {
    }

    public static Path of(Path home) {
        Path downloads = home.resolve("Downloads");
        return Files.isDirectory(downloads) ? downloads : home;
    }

    public static Path current() {
        return of(AppDirs.home(System.getenv()));
    }
}
