// The universal jar's JavaFX libraries, unpacked from a temp jar: this platform's only, once per build (a hash of the
// zip directory), safely with launches at once, again when the cached copy lost files, through a move antivirus
// software holds up, never outside their folder, and other builds' folders cleared.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.portway.agent.system.Os;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaFxNativesTest {
    private static final String LINUX = "linux-x86_64";

    @TempDir
    Path dir;

    @Test
    void namesThePlatformByOsAndNormalisedArch() {
        assertEquals("linux-x86_64", JavaFxNatives.platform(Os.LINUX, "amd64"));
        assertEquals("linux-aarch64", JavaFxNatives.platform(Os.LINUX, "aarch64"));
        assertEquals("mac-x86_64", JavaFxNatives.platform(Os.MAC, "x86_64"));
        assertEquals("mac-aarch64", JavaFxNatives.platform(Os.MAC, "arm64"));
        assertEquals("windows-x86_64", JavaFxNatives.platform(Os.WINDOWS, "amd64"));
        assertEquals("linux-riscv64", JavaFxNatives.platform(Os.LINUX, "riscv64"));
    }

    @Test
    void unpacksThisPlatformsLibrariesOwnerOnly() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass x64",
                "natives/linux-x86_64/libprism_sw.so", "sw x64", "natives/linux-aarch64/libglass.so", "glass arm"));

        Path out = JavaFxNatives.unpack(jar, LINUX, dir.resolve("cache/portway/natives")).orElseThrow();

        assertEquals(dir.resolve("cache/portway/natives"), out.getParent());
        assertEquals(Set.of("libglass.so", "libprism_sw.so"), names(out));
        assertEquals("glass x64", Files.readString(out.resolve("libglass.so")));
        for (Path folder = out; !folder.equals(dir); folder = folder.getParent()) {
            assertOwnerOnly("rwx------", folder);
        }
        assertOwnerOnly("rw-------", out.resolve("libglass.so"));
    }

    /** As the disk the test runs on states it: POSIX bits (Linux, macOS), else one ACL entry (Windows). */
    private static void assertOwnerOnly(String posix, Path path) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            assertEquals(posix, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path::toString);
        } else {
            List<AclEntry> acl = Files.getFileAttributeView(path, AclFileAttributeView.class).getAcl();
            assertEquals(1, acl.size(), () -> path + " " + acl);
            assertEquals(AclEntryType.ALLOW, acl.get(0).type(), () -> path + " " + acl);
        }
    }

    @Test
    void reusesTheFolderOfTheSameLibrariesAndTakesAnotherForOtherOnes() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 1"));
        Path first = JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives")).orElseThrow();
        Object file = Files.readAttributes(first.resolve("libglass.so"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Path again = JavaFxNatives.unpack(jar("b.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 1")),
                LINUX, dir.resolve("natives")).orElseThrow();
        assertEquals(first, again);
        assertEquals(file, Files.readAttributes(again.resolve("libglass.so"),
                java.nio.file.attribute.BasicFileAttributes.class).fileKey(), "the same file, not written again");

        Path other = JavaFxNatives.unpack(jar("c.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 2")),
                LINUX, dir.resolve("natives")).orElseThrow();
        assertNotEquals(first, other);
        assertEquals("glass 2", Files.readString(other.resolve("libglass.so")));
    }

    @Test
    void aJarWithoutNativesIsLeftToJavaFx() throws Exception {
        Path jar = jar("platform.jar", Map.of("libglass.so", "at the root", "a/B.class", "x"));
        assertEquals(Optional.empty(), JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives")));
        assertFalse(Files.exists(dir.resolve("natives")));
    }

    @Test
    void aPlatformTheJarLacksIsNamed() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass"));
        JavaFxNatives.NoPlatformException e = assertThrows(JavaFxNatives.NoPlatformException.class,
                () -> JavaFxNatives.unpack(jar, "linux-riscv64", dir.resolve("natives")));
        assertEquals("the app has no JavaFX for linux-riscv64; the command line works: portway --help",
                e.getMessage());
    }

    @Test
    void launchesAtOnceAllGetTheSameCompleteFolder() throws Exception {
        Map<String, String> libs = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            libs.put("natives/linux-x86_64/lib" + i + ".so", ("library " + i + " ").repeat(5000));
        }
        Path jar = jar("a.jar", libs);
        int launches = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(launches);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < launches; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives")).orElseThrow();
                }));
            }
            start.countDown();
            Set<Path> folders = new java.util.HashSet<>();
            for (Future<Path> result : results) {
                folders.add(result.get());
            }
            assertEquals(1, folders.size(), folders::toString);
            Path out = folders.iterator().next();
            assertEquals(20, names(out).size());
            assertEquals(("library 7 ").repeat(5000), Files.readString(out.resolve("lib7.so")));
            assertEquals(Set.of(out.getFileName().toString()), names(dir.resolve("natives")), "no temp folder left");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFolderMissingOrTruncatingALibraryIsUnpackedAgainAndDeadTempFoldersCleared() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass",
                "natives/linux-x86_64/libprism_sw.so", "prism sw"));
        Path out = JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives")).orElseThrow();
        Files.delete(out.resolve("libglass.so"));
        Files.writeString(out.resolve("libprism_sw.so"), "pri");
        // A launch killed while unpacking, long ago; and one at work right now.
        Path dead = Files.createDirectory(dir.resolve("natives").resolve(out.getFileName() + ".part-1"));
        Files.writeString(dead.resolve("libglass.so"), "gl");
        Files.setLastModifiedTime(dead, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path busy = Files.createDirectory(dir.resolve("natives").resolve(out.getFileName() + ".part-2"));

        assertEquals(out, JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives")).orElseThrow());

        assertEquals("glass", Files.readString(out.resolve("libglass.so")));
        assertEquals("prism sw", Files.readString(out.resolve("libprism_sw.so")));
        assertFalse(Files.exists(dead));
        assertTrue(Files.isDirectory(busy));
    }

    @Test
    void aMoveHeldUpForAMomentIsTriedAgain() throws Exception {
        // Antivirus software scanning the new libraries makes Windows refuse the rename for a moment.
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass"));
        AtomicInteger refused = new AtomicInteger();
        JavaFxNatives.Mover scanned = (from, to) -> {
            if (refused.getAndIncrement() < 2) {
                throw new AccessDeniedException(from.toString());
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        };

        Path out = JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives"), scanned).orElseThrow();

        assertEquals(3, refused.get());
        assertEquals("glass", Files.readString(out.resolve("libglass.so")));
        assertEquals(Set.of(out.getFileName().toString()), names(dir.resolve("natives")), "no temp folder left");
    }

    @Test
    void aMoveRefusedForGoodSaysSo() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass"));
        AtomicInteger tries = new AtomicInteger();
        JavaFxNatives.Mover refused = (from, to) -> {
            tries.incrementAndGet();
            throw new AccessDeniedException(from.toString());
        };

        IOException e = assertThrows(IOException.class,
                () -> JavaFxNatives.unpack(jar, LINUX, dir.resolve("natives"), refused));

        assertFalse(e instanceof NoSuchFileException, e.toString());
        assertTrue(e.getMessage().startsWith("cannot move the JavaFX libraries into " + dir.resolve("natives")),
                e.getMessage());
        assertTrue(e.getMessage().contains("AccessDeniedException"), e.getMessage());
        assertEquals(5, tries.get());
        assertEquals(Set.of(), names(dir.resolve("natives")), "no temp folder left");
    }

    @Test
    void aNameThatLeavesTheFolderOnWindowsIsNotUnpacked() throws Exception {
        Path jar = jar("a.jar", Map.of("natives/windows-x86_64/glass.dll", "glass",
                "natives/windows-x86_64/..\\evil.dll", "evil", "natives/windows-x86_64/C:evil.dll", "evil"));
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
            Path natives = windows.getPath("C:\\Users\\me\\AppData\\Local\\Portway\\Cache\\natives");

            Path out = JavaFxNatives.unpack(jar, "windows-x86_64", natives).orElseThrow();

            assertEquals(Set.of("glass.dll"), names(out));
            assertEquals(Set.of(out.getFileName().toString()), names(natives));
        }
    }

    @Test
    void onlyAPlainNameIsOneFileInTheFolder() throws IOException {
        Path folder = dir.resolve("natives");
        assertTrue(JavaFxNatives.plainName(folder, "libglass.so"));
        for (String name : List.of("..", ".", "a/b.so", "../b.so", "")) {
            assertFalse(JavaFxNatives.plainName(folder, name), name);
        }
        try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
            Path natives = windows.getPath("C:\\cache\\natives");
            assertTrue(JavaFxNatives.plainName(natives, "glass.dll"));
            for (String name : List.of("..\\glass.dll", "a\\glass.dll", "C:glass.dll", "C:\\glass.dll",
                    "..\\natives\\glass.dll", "a:b")) {
                assertFalse(JavaFxNatives.plainName(natives, name), name);
            }
        }
    }

    @Test
    void anotherBuildsFolderIsDeletedOnceThisOneIsInPlaceUnlessInUse() throws Exception {
        Path natives = dir.resolve("natives");
        Path old = JavaFxNatives.unpack(jar("a.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 1")),
                LINUX, natives).orElseThrow();
        Path busy = JavaFxNatives.unpack(jar("b.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 2")),
                LINUX, natives, inUse(Set.of())).orElseThrow();
        assertFalse(Files.exists(old), "deleted");

        // Windows refuses to move a folder whose libraries a running app has loaded: it stays whole.
        Path out = JavaFxNatives.unpack(jar("c.jar", Map.of("natives/linux-x86_64/libglass.so", "glass 3")),
                LINUX, natives, inUse(Set.of(busy))).orElseThrow();

        assertEquals("glass 3", Files.readString(out.resolve("libglass.so")));
        assertEquals("glass 2", Files.readString(busy.resolve("libglass.so")));
        assertEquals(Set.of(busy.getFileName().toString(), out.getFileName().toString()), names(natives));
    }

    /** Moves as Windows does: not a folder a running app has loaded libraries from. */
    private static JavaFxNatives.Mover inUse(Set<Path> loaded) {
        return (from, to) -> {
            if (loaded.contains(from)) {
                throw new AccessDeniedException(from.toString());
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        };
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> all = Files.list(folder)) {
            return all.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
