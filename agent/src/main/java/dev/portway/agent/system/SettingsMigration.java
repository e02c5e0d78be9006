// Before the per-system folders (AppDirs), the command line kept its settings in ~/.config/portway on macOS and
// Windows too: they move once to the system's folder, so an update keeps the sign-in and, above all, the pinned server
// certificates (known_servers), which trust on first use would otherwise take again from whoever answers first.
package dev.portway.agent.system;

import dev.portway.agent.engine.trust.KnownServers;
import dev.portway.protocol.FilePermissions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

public final class SettingsMigration {
    private static final String SETTINGS = "config.json";
    private static final String PINS = "known_servers";
    /** A running app's lock and address (SingleInstance): not settings, and each app makes its own. */
    private static final Set<String> LEFT = Set.of("app.lock", "app.address");

    private SettingsMigration() {
    }

    /**
     * On macOS and Windows, when the system's settings folder has no config.json and the old one
     * ($XDG_CONFIG_HOME/portway, default ~/.config/portway) has, moves the old folder's files there, owner-only, and
     * says so in one line on err; a failure is one line too, and leaves the files where they were. Never on Linux,
     * where the two are one folder. A stat or two when there is nothing to move.
     */
    public static void run(Os os, Path home, Map<String, String> env, PrintStream err) {
        if (os == Os.LINUX) {
            return;
        }
        Path from = AppDirs.of(Os.LINUX, home, env).config();
        Path to = AppDirs.of(os, home, env).config();
        if (Files.exists(to.resolve(SETTINGS)) || !Files.isRegularFile(from.resolve(SETTINGS))) {
            return;
        }
        try {
            move(from, to);
            err.println("portway: moved your settings from " + from + " to " + to);
        } catch (IOException e) {
            err.println("portway: could not move your settings from " + from + " to " + to + " (" + reason(e)
                    + "); they stay where they were");
        }
    }

    /** Moves the old folder's files; package-private for the test of a move across file systems. */
    static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        FilePermissions.ownerOnlyDir(to);
        List<Path> entries;
        try (Stream<Path> list = Files.list(from)) {
            // config.json last: until it has moved, the next start tries again, and finds the rest already there.
            entries = list.filter(p -> !LEFT.contains(name(p)))
                    .sorted(Comparator.comparing((Path p) -> name(p).equals(SETTINGS)).thenComparing(p -> name(p)))
                    .toList();
        }
        for (Path entry : entries) {
            Path target = to.resolve(name(entry));
            // What this version already wrote in the new folder wins; the old file stays where it was, but for the
            // pins, which are merged in: losing one would let whoever answers first be trusted again.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (name(entry).equals(PINS)) {
                    mergePins(entry, target);
                }
                continue;
            }
            moveOne(entry, target);
            ownerOnly(target);
        }
        try {
            Files.deleteIfExists(from);
        } catch (DirectoryNotEmptyException e) {
            // A running app's lock, or a file the new folder had too: the old folder stays with it.
        }
    }

    /**
     * Adds the old file's pins for servers the new one has none for. The old file goes when the new one then holds
     * all of it; it stays when a server is pinned to another certificate in each (the new pin is used).
     */
    private static void mergePins(Path from, Path to) throws IOException {
        KnownServers now = new KnownServers(to);
        Map<String, String> had = now.all();
        boolean conflict = false;
        try {
            for (Map.Entry<String, String> pin : new KnownServers(from).all().entrySet()) {
                String current = had.get(pin.getKey());
                if (current == null) {
                    now.trust(pin.getKey(), pin.getValue());
                } else {
                    conflict |= !current.equals(pin.getValue());
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!conflict) {
            Files.delete(from);
        }
    }

    private static void moveOne(Path entry, Path target) throws IOException {
        try {
            Files.move(entry, target);
        } catch (DirectoryNotEmptyException e) {
            // A folder with files cannot be renamed onto another volume (a redirected %APPDATA%): copied, then removed.
            try {
                copyTree(entry, target);
            } catch (IOException copying) {
                // Half a copy would pass for the moved folder at the next start: gone, the old one is tried again.
                try {
                    FileTrees.delete(target);
                } catch (IOException ignored) {
                    copying.addSuppressed(ignored);
                }
                throw copying;
            }
            FileTrees.delete(entry);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // createDirectories: a move that failed may have made the top folder already.
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The moved files as the settings store writes its own: owner-only (a link is left as it is). */
    private static void ownerOnly(Path moved) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(moved)) {
            all = walk.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
        for (Path p : all) {
            if (Files.isDirectory(p)) {
                FilePermissions.ownerOnlyDir(p);
            } else {
                FilePermissions.ownerOnlyFile(p);
            }
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    /** The file system's exceptions often carry a path alone: said in words. */
    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return "something else is at " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "access denied to " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
