// When JavaFX cannot load one of the universal jar's libraries, the app says which and why in the system's words,
// instead of JavaFX's "no X in java.library.path".
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLoadDiagnosisTest {
    private static final String NAME = "portwaybroken";

    @TempDir
    Path folder;

    /** As JavaFX fails: its own error, wrapped by Application.launch. */
    private static RuntimeException javaFxFailure(String library) {
        return new RuntimeException(new UnsatisfiedLinkError("no " + library + " in java.library.path: /usr/lib"));
    }

    @Test
    void aLibraryThatDoesNotLoadIsNamedWithTheSystemsReason() throws Exception {
        // Not a library at all: the system's loader refuses it, as it refuses one needing a newer C library.
        Path lib = folder.resolve(System.mapLibraryName(NAME));
        Files.writeString(lib, "not a shared library", StandardCharsets.UTF_8);
        String why = NativeLoadDiagnosis.explain(javaFxFailure(NAME), Optional.of(folder)).orElseThrow();
        assertTrue(why.startsWith("the app cannot open here: JavaFX's " + lib.getFileName() + " does not load ("), why);
        assertTrue(why.contains(lib.toString()), "the loader's own message, naming the file: " + why);
        assertTrue(why.endsWith("); the command line works: portway --help"), why);
        assertEquals(1, why.lines().count(), why);
    }

    @Test
    void nothingToSayForOtherFailuresOrWithoutTheUnpackedFolder() throws Exception {
        Files.writeString(folder.resolve(System.mapLibraryName(NAME)), "not a shared library");
        assertEquals(Optional.empty(), NativeLoadDiagnosis.explain(javaFxFailure(NAME), Optional.empty()));
        assertEquals(Optional.empty(), NativeLoadDiagnosis.explain(new RuntimeException("no toolkit"),
                Optional.of(folder)));
        assertEquals(Optional.empty(), NativeLoadDiagnosis.explain(javaFxFailure("absentlibrary"),
                Optional.of(folder)), "a library the folder does not hold is not ours to explain");
    }
}
