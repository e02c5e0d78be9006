// In a fuzzing run of the reliability profile (JAZZER_FUZZ set, -Dreliability.rows given), one row per fuzz test
// for the reliability table: how many inputs ran in how long, and whether Jazzer found anything.
package dev.portway.protocol.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class FuzzRows implements BeforeTestExecutionCallback, AfterTestExecutionCallback, AfterAllCallback {
    /** Inputs run per fuzz test (method name), counted by the tests themselves. */
    static final Map<String, LongAdder> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, Long> NANOS = new ConcurrentHashMap<>();
    private static final Map<String, String> FINDINGS = new ConcurrentHashMap<>();
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();

    public static void ran(String test) {
        RUNS.computeIfAbsent(test, k -> new LongAdder()).increment();
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        STARTED.put(context.getRequiredTestMethod().getName(), System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        String test = context.getRequiredTestMethod().getName();
        Long t0 = STARTED.remove(test);
        if (t0 != null) {
            NANOS.merge(test, System.nanoTime() - t0, Long::sum);
        }
        context.getExecutionException().ifPresent(e -> FINDINGS.putIfAbsent(test,
                String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName())));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        String file = System.getProperty("reliability.rows");
        if (System.getenv("JAZZER_FUZZ") == null || file == null || file.isBlank()) {
            return;
        }
        String duration = System.getProperty("jazzer.max_duration", "the annotation's time");
        for (String test : NANOS.keySet()) {
            long runs = RUNS.getOrDefault(test, new LongAdder()).sum();
            double seconds = NANOS.get(test) / 1e9;
            String finding = FINDINGS.get(test);
            String seen = String.format(Locale.ROOT, "%,d inputs in %.0f s (%,.0f/s); %s", runs, seconds,
                    runs / Math.max(seconds, 0.001), finding == null ? "no finding" : "FINDING: " + finding);
            String line = String.join("\t", "fuzz (Jazzer): " + test,
                    "fuzzing for " + duration + " finds no crash, hang or unexpected exception",
                    seen.replace('\t', ' ').replace('\n', ' ').replace('|', '/'), finding == null ? "pass" : "FAIL")
                    + "\n";
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
