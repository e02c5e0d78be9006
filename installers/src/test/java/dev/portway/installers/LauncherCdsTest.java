// ./portway's class-data sharing: a connect leaves an archive that later starts use, and a missing, stale or
// truncated archive never stops the command line from starting or puts a JVM warning into its output.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.portway.installers.Dpkg.Result;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class LauncherCdsTest {
    private static final Path SOURCE = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path checkout;
    private Path jar;
    private Path archive;

    /** The command line's jar stands in for the real one: it prints its arguments and exits. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("probe " + String.join(" ", args));
        }
    }

    /** A checkout whose jars are built, with this JDK's java on the PATH (its release file names its version). */
    @BeforeEach
    void checkout() throws Exception {
        Path server = checkout.resolve("server/target/portway-server.jar");
        Files.createDirectories(server.getParent());
        Files.writeString(server, "");
        jar = checkout.resolve("desktop/target/portway.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
        Files.copy(SOURCE.resolve("portway"), checkout.resolve("portway"));
        Files.copy(SOURCE.resolve("jvm.options"), checkout.resolve("jvm.options"));
        archive = checkout.resolve("target/cds/portway-client.jsa");
    }

    /** JDK 17 and 18 get the archive written by the launcher; 19 and later make it themselves. */
    private static void launcherWritesTheArchive() {
        assumeTrue(Runtime.version().feature() < 19, "the JVM keeps its own archive (AutoCreateSharedArchive)");
    }

    private Result portway(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", checkout.resolve("portway").toString()));
        cmd.addAll(List.of(args));
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        Result run = Dpkg.run(cmd, Map.of("PATH", java + ":/usr/bin:/bin"));
        assertEquals(0, run.code(), run.toString());
        assertEquals("probe " + String.join(" ", args) + "\n", run.out(), "nothing but the command's output");
        assertFalse(run.err().contains("cds") || run.err().contains("shared archive"), run.err());
        return run;
    }

    private List<Path> written() throws Exception {
        try (Stream<Path> files = Files.list(archive.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("portway-client\\.jsa\\.\\d+")).toList();
        }
    }

    @Test
    void aConnectLeavesAnArchiveThatTheNextStartAdopts() throws Exception {
        launcherWritesTheArchive();
        portway("connect", "--port", "8080");
        assertEquals(1, written().size(), "the connect wrote an archive under its process id");
        portway("--version");
        assertTrue(Files.size(archive) > 0, "adopted");
        assertEquals(List.of(), written());
        portway("socket", "ls");
        assertTrue(Files.exists(archive), "a start with the archive keeps it");
    }

    @Test
    void aStaleArchiveIsDroppedAndTheCommandStillStarts() throws Exception {
        launcherWritesTheArchive();
        portway("connect");
        portway("--version");
        assertTrue(Files.exists(archive));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // the jar was rebuilt
        portway("--version");
        assertFalse(Files.exists(archive), "an archive older than the jar is not used");
    }

    @Test
    void aTruncatedArchiveIsNeverAdopted() throws Exception {
        launcherWritesTheArchive();
        portway("connect");
        Path made = written().get(0);
        byte[] half = Files.readAllBytes(made);
        Files.write(made, java.util.Arrays.copyOf(half, half.length / 2));
        portway("--version");
        assertFalse(Files.exists(archive), "a truncated archive would crash every start");
        assertEquals(List.of(), written());
    }

    @Test
    void withoutAnArchiveAQuickCommandStartsAndWritesNone() throws Exception {
        portway("--version");
        assertFalse(Files.exists(archive));
        assertEquals(List.of(), written());
    }
}
