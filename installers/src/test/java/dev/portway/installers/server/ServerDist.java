// The server distribution the server module built, unpacked with tar as an operator unpacks it.
package dev.portway.installers.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

public final class ServerDist {
    /** Where the unit and the Containerfile expect the distribution. */
    public static final String INSTALL_DIR = "/opt/portway-server";

    private ServerDist() {
    }

    public static String version() {
        return System.getProperty("portway.version");
    }

    public static Path tarball() {
        String path = System.getProperty("portway.serverDist");
        if (path == null) {
            throw new IllegalStateException("portway.serverDist is not set: run these tests through Maven");
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the server module's package phase builds it");
        }
        return file;
    }

    /** Unpacks the tarball into dir and returns the distribution's top folder. */
    public static Path unpack(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball().toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IllegalStateException("tar failed: " + out);
        }
        return dir.resolve("portway-server-" + version());
    }
}
