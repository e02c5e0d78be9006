// The universal jar (portway-all.jar) carries JavaFX's libraries for every platform under natives/PLATFORM/, because
// Linux x64 and aarch64 (and macOS x64 and aarch64) name theirs alike; this unpacks the running platform's into the
// cache once and points JavaFX at them. A jar without natives/ (portway.jar) keeps them at its root, where JavaFX
// finds them itself.
package dev.portway.desktop.system;

import dev.portway.agent.system.CodeLocation;
import dev.portway.agent.system.FileTrees;
import dev.portway.agent.system.Os;
import dev.portway.protocol.FilePermissions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public final class JavaFxNatives {
    static final String ROOT = "natives/";
    /** A temp folder older than this was left by a launch that died while unpacking. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);
    /** A move antivirus software holds up: tried this often, pausing 100, 200, 300, 400 ms in between (1 s). */
    private static final int MOVE_TRIES = 5;
    private static final Duration MOVE_PAUSE = Duration.ofMillis(100);
    /** The folder prepare() put on java.library.path, if any: where a library that does not load is looked at. */
    private static volatile Path unpacked;

    private JavaFxNatives() {
    }

    /** The jar has natives/ but none for this platform: the app cannot open here (the command line can). */
    public static final class NoPlatformException extends Exception {
        NoPlatformException(String platform) {
            super("the app has no JavaFX for " + platform + "; the command line works: portway --help");
        }
    }

    /**
     * Refuses, from the jar's directory alone (nothing unpacked), a platform this jar has no JavaFX for; passes when
     * this code runs from a jar without natives/ or from class folders, as in the tests.
     */
    public static void requirePlatform() throws IOException, NoPlatformException {
        Optional<Path> jar = ownJar();
        if (jar.isPresent()) {
            try (ZipFile zip = new ZipFile(jar.get().toFile())) {
                libraries(zip, currentPlatform(), null);
            }
        }
    }

    /**
     * Before anything touches JavaFX: when this code runs from a jar with natives/, unpacks this platform's under
     * cache/natives/ and puts that folder first on java.library.path, which JavaFX's loader reads on each load.
     */
    public static void prepare(Path cache) throws IOException, NoPlatformException {
        Optional<Path> jar = ownJar();
        if (jar.isEmpty()) {
            return;
        }
        Optional<Path> dir = unpack(jar.get(), currentPlatform(), cache.resolve("natives"));
        if (dir.isPresent()) {
            unpacked = dir.get();
            String path = System.getProperty("java.library.path", "");
            System.setProperty("java.library.path",
                    dir.get() + (path.isEmpty() ? "" : File.pathSeparator + path));
        }
    }

    /** The jar this code runs from; not a class folder, as in the tests. */
    private static Optional<Path> ownJar() {
        return CodeLocation.of(JavaFxNatives.class).filter(Files::isRegularFile);
    }

    private static String currentPlatform() {
        return platform(Os.current(), System.getProperty("os.arch", ""));
    }

    /** The folder this JVM's JavaFX libraries were unpacked to; empty when they come from elsewhere. */
    public static Optional<Path> unpacked() {
        return Optional.ofNullable(unpacked);
    }

    /** The folder name of an OS and os.arch: linux-x86_64, linux-aarch64, mac-x86_64, mac-aarch64, windows-x86_64. */
    static String platform(Os os, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        String cpu = a.equals("amd64") || a.equals("x86_64") ? "x86_64" : a.equals("arm64") ? "aarch64" : a;
        return os.name().toLowerCase(Locale.ROOT) + "-" + cpu;
    }

    /**
     * This platform's libraries from the jar, in folder/HASH/ (the hash of their names, sizes and CRCs, so another
     * build gets its own folder): unpacked once into a temp sibling and moved there in one step, so two launches at
     * once never see a half-written folder. Empty when the jar has no natives/ at all.
     */
    static Optional<Path> unpack(Path jar, String platform, Path folder) throws IOException, NoPlatformException {
        return unpack(jar, platform, folder, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE));
    }

    /** Moves a folder in one step (the tests fail some moves, as antivirus scanning new libraries does). */
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    static Optional<Path> unpack(Path jar, String platform, Path folder, Mover mover)
            throws IOException, NoPlatformException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Optional<List<ZipEntry>> found = libraries(zip, platform, folder);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            List<ZipEntry> libs = found.get();
            String prefix = ROOT + platform + "/";
            Path target = folder.resolve(hash(libs));
            if (complete(target, libs)) {
                return Optional.of(target);
            }
            makeOwnerOnly(folder);
            clearAbandoned(folder, target.getFileName().toString());
            Path tmp = Files.createTempDirectory(folder, target.getFileName() + ".part-");
            try {
                for (ZipEntry lib : libs) {
                    Path file = tmp.resolve(lib.getName().substring(prefix.length()));
                    try (InputStream in = zip.getInputStream(lib)) {
                        Files.copy(in, file);
                    }
                    FilePermissions.ownerOnlyFile(file);
                }
                FilePermissions.ownerOnlyDir(tmp);
                if (moveIntoPlace(tmp, target, libs, mover)) {
                    clearOtherBuilds(folder, target, mover);
                }
            } finally {
                FileTrees.delete(tmp);
            }
            return Optional.of(target);
        }
    }

    /**
     * The platform's libraries in the jar, by name; empty when the jar has no natives/ at all. folder: where they are
     * to be unpacked, whose names must stay inside it; null to only look.
     */
    private static Optional<List<ZipEntry>> libraries(ZipFile zip, String platform, Path folder)
            throws NoPlatformException {
        // One walk of the jar's 13,000 entries: the natives/ ones are a few dozen.
        List<ZipEntry> natives = zip.stream().filter(e -> e.getName().startsWith(ROOT)).map(ZipEntry.class::cast)
                .toList();
        if (natives.isEmpty()) {
            return Optional.empty();
        }
        String prefix = ROOT + platform + "/";
        List<ZipEntry> libs = natives.stream()
                .filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
                .filter(e -> folder == null || plainName(folder, e.getName().substring(prefix.length())))
                .sorted(Comparator.comparing(ZipEntry::getName))
                .toList();
        if (libs.isEmpty()) {
            throw new NoPlatformException(platform);
        }
        return Optional.of(libs);
    }

    /**
     * A name that stays one file directly inside the folder it is unpacked into: no "..", no separator ('/', or a
     * backslash on Windows, which a check for '/' misses), no drive ("C:x").
     */
    static boolean plainName(Path folder, String name) {
        try {
            Path file = folder.resolve(name);
            return folder.normalize().equals(file.normalize().getParent())
                    && file.getFileName().toString().equals(name);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * Moves the unpacked folder to the target; false when another launch put the same libraries there first. A move
     * that fails and leaves no complete folder there is tried again a few times, never moving a folder that is not
     * there: antivirus software scanning the new libraries makes a rename fail with "access denied" for a moment on
     * Windows.
     */
    private static boolean moveIntoPlace(Path tmp, Path target, List<ZipEntry> libs, Mover mover) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (Files.exists(target)) {
                    if (complete(target, libs)) {
                        return false;
                    }
                    setAside(target, target, mover);
                }
                mover.move(tmp, target);
                return true;
            } catch (IOException e) {
                if (complete(target, libs)) {
                    return false;
                }
                if (attempt == MOVE_TRIES) {
                    throw new IOException("cannot move the JavaFX libraries into " + target + " (tried " + MOVE_TRIES
                            + " times): " + e, e);
                }
            }
            try {
                Thread.sleep(MOVE_PAUSE.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while moving the JavaFX libraries into " + target);
            }
        }
    }

    /**
     * Moves a folder out of the way into a temp folder of the target's (which a later launch clears, should some file
     * resist deleting), then deletes it; gone meanwhile is no error.
     */
    private static void setAside(Path old, Path target, Mover mover) throws IOException {
        Path aside = Files.createTempDirectory(target.getParent(), target.getFileName() + ".part-");
        try {
            mover.move(old, aside.resolve("old"));
        } catch (NoSuchFileException gone) {
            // Another launch set it aside first.
        } finally {
            FileTrees.delete(aside);
        }
    }

    /**
     * Other builds' folders (2-3 MB each), best-effort: each is first moved aside, which Windows refuses while a
     * running app has libraries loaded from it, so a folder in use there is left whole. Elsewhere a running app keeps
     * the libraries it has loaded (JavaFX loads its own as it starts), but not one it would load later.
     */
    private static void clearOtherBuilds(Path folder, Path target, Mover mover) {
        try (Stream<Path> all = Files.list(folder)) {
            for (Path other : all.filter(p -> !p.equals(target) && !p.getFileName().toString().contains(".part-")
                    && Files.isDirectory(p)).toList()) {
                try {
                    setAside(other, target, mover);
                } catch (IOException | UncheckedIOException e) {
                    // In use, or not ours to delete: it only takes room.
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The same: nothing depends on the room.
        }
    }

    /** From the zip's directory alone (no inflating): names, sizes and CRCs. */
    static String hash(List<ZipEntry> libs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ZipEntry lib : libs) {
                digest.update((lib.getName() + '\0' + lib.getSize() + '\0' + lib.getCrc() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every library there at its full size (a folder someone emptied in part is unpacked again). */
    private static boolean complete(Path target, List<ZipEntry> libs) throws IOException {
        if (!Files.isDirectory(target)) {
            return false;
        }
        for (ZipEntry lib : libs) {
            Path file = target.resolve(lib.getName().substring(lib.getName().lastIndexOf('/') + 1));
            if (!Files.isRegularFile(file) || Files.size(file) != lib.getSize()) {
                return false;
            }
        }
        return true;
    }

    /** Creates the folder, and those above it that are missing, owner-only. */
    private static void makeOwnerOnly(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            makeOwnerOnly(dir.getParent());
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException another) {
                return;
            }
            FilePermissions.ownerOnlyDir(dir);
        }
    }

    /** Temp folders of launches that died while unpacking; a recent one may be another launch's, still at work. */
    private static void clearAbandoned(Path folder, String hash) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (Stream<Path> all = Files.list(folder)) {
            for (Path tmp : all.filter(p -> p.getFileName().toString().startsWith(hash + ".part-")).toList()) {
                try {
                    if (Files.getLastModifiedTime(tmp).compareTo(before) < 0) {
                        FileTrees.delete(tmp);
                    }
                } catch (NoSuchFileException gone) {
                    // Another launch's, moved into place since the listing.
                }
            }
        }
    }
}
