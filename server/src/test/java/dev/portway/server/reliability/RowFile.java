// The reliability table's rows (case, expected, seen, pass), appended as tests finish to the file named by
// -Dreliability.rows; reliability/run gathers them into docs/reliability.md. Without the property a row is only
// printed.
package dev.portway.server.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

public final class RowFile {
    private RowFile() {
    }

    public static synchronized void write(String caseName, String expectation, String observed, boolean pass)
            throws IOException {
        String line = String.join("\t", clean(caseName), clean(expectation), clean(observed), pass ? "pass" : "FAIL")
                + "\n";
        System.out.print("ROW\t" + line);
        String file = System.getProperty("reliability.rows");
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The first line of a failure, short enough for a table cell. */
    public static String failure(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return "FAILED: " + failure.getClass().getSimpleName() + ": " + message;
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('|', '/');
    }
}
