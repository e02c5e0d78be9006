// The installers workflow (.github/workflows/installers.yml) cannot run here, so it is read as YAML and checked for
// its parts: each OS builds its package with the installers profile through its own Maven wrapper and runs the tests
// of the code written for it (each a test class here), WiX 3 is installed on Windows, the packaged launcher's
// --version is tried, the packages and portway-all.jar are uploaded, and every action is pinned to a version tag.
// Each check is also shown to fail on a copy without the step it looks for.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstallersWorkflowTest {
    private static final Path SOURCE = Path.of("..").toAbsolutePath().normalize();
    private static final Path WORKFLOW = SOURCE.resolve(".github/workflows/installers.yml");
    /**
     * The tests of the code written for macOS and Windows, which each of their jobs runs on the real system: the
     * per-OS conventions and the owner-only files on its own disk.
     */
    private static final List<String> ON_EACH_SYSTEM = List.of("AppDirsTest", "FilePermissionsTest",
            "FilePermissionsOnDiskTest", "JavaFxNativesTest", "SavedSetsFileNamesTest", "JavaExecutableTest",
            "AutostartTest", "AutostartCommandTest");
    /** owner/name@v4, @v4.2 or @v4.2.1: a release tag, never a branch such as @main. */
    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w.-]+@v\\d+(\\.\\d+){0,2}");

    private static final String CHECKOUT = "Check out";
    private static final String JAVA = "Set up Java 17";
    private static final String WIX = "Install WiX Toolset 3";
    private static final String LINUX_BUILD = "Test and build the .deb as .ci/run does";
    private static final String OTHER_BUILD = "Build the package and run the platform-neutral tests";
    private static final String SMOKE = "Smoke test the packaged launcher (--version)";
    private static final String UPLOAD_PACKAGE = "Upload the .${{ matrix.package }}";
    private static final String UPLOAD_JAR = "Upload portway-all.jar";

    @Test
    void theWorkflowHasEveryPart() throws IOException {
        assertEquals(List.of(), problems(read()));
    }

    @Test
    void eachSystemBuildsItsOwnPackageThroughItsOwnWrapper() throws IOException {
        List<String> found = new ArrayList<>();
        for (JsonNode entry : read().at("/jobs/installers/strategy/matrix/include")) {
            found.add(entry.path("os").asText() + " " + entry.path("package").asText() + " "
                    + entry.path("mvnw").asText());
        }
        assertEquals(List.of("ubuntu-latest deb ./mvnw", "macos-latest dmg ./mvnw", "macos-15-intel dmg ./mvnw",
                "windows-latest msi ./mvnw.cmd"), found);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHECKOUT, JAVA, WIX, LINUX_BUILD, OTHER_BUILD, SMOKE, UPLOAD_PACKAGE, UPLOAD_JAR})
    void withoutOneOfItsStepsTheWorkflowIsRefused(String name) throws IOException {
        JsonNode workflow = read();
        ArrayNode steps = (ArrayNode) workflow.at("/jobs/installers/steps");
        int index = indexOf(steps, step -> step.path("name").asText().equals(name));
        assertTrue(index >= 0, "no step named " + name);
        steps.remove(index);
        assertFalse(problems(workflow).isEmpty(), "removing '" + name + "' went unnoticed");
    }

    @Test
    void aMatrixWithoutWindowsIsRefused() throws IOException {
        JsonNode workflow = read();
        ArrayNode include = (ArrayNode) workflow.at("/jobs/installers/strategy/matrix/include");
        include.remove(indexOf(include, entry -> entry.path("os").asText().equals("windows-latest")));
        assertTrue(problems(workflow).contains("no windows-latest in the matrix"), problems(workflow).toString());
    }

    @Test
    void anActionOnABranchIsRefused() throws IOException {
        JsonNode workflow = read();
        JsonNode steps = workflow.at("/jobs/installers/steps");
        ((ObjectNode) steps.get(indexOf(steps, step -> step.path("name").asText().equals(CHECKOUT))))
                .put("uses", "actions/checkout@main");
        assertTrue(problems(workflow).contains("actions/checkout@main is not pinned to a version tag"),
                problems(workflow).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-FilePermissionsOnDiskTest", "-AppDirsTest", "+NoSuchTest", "+UrlOpenerTest"})
    void aWindowsTestListMissingOneOrNamingWhatCannotRunThereIsRefused(String change) throws IOException {
        JsonNode workflow = read();
        ArrayNode include = (ArrayNode) workflow.at("/jobs/installers/strategy/matrix/include");
        ObjectNode windows = (ObjectNode) include.get(indexOf(include,
                entry -> entry.path("os").asText().equals("windows-latest")));
        List<String> tests = new ArrayList<>(List.of(windows.path("tests").asText().split(",")));
        String name = change.substring(1);
        assertEquals(change.startsWith("-"), tests.contains(name), name);
        if (change.startsWith("-")) {
            tests.remove(name);
        } else {
            tests.add(name);
        }
        windows.put("tests", String.join(",", tests));
        assertFalse(problems(workflow).isEmpty(), change + " went unnoticed");
    }

    private static JsonNode read() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
    }

    /** What the workflow lacks, one line each; empty when it has every part. */
    private static List<String> problems(JsonNode workflow) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode job = workflow.at("/jobs/installers");
        matrixProblems(job.at("/strategy/matrix/include"), problems);

        JsonNode steps = job.path("steps");
        for (JsonNode step : steps) {
            if (!step.hasNonNull("name")) {
                problems.add("a step without a name: " + step);
            }
            String uses = step.path("uses").asText("");
            if (!uses.isEmpty() && !PINNED.matcher(uses).matches()) {
                problems.add(uses + " is not pinned to a version tag");
            }
        }
        int checkout = require(steps, CHECKOUT, step -> uses(step, "actions/checkout"), problems);
        require(steps, JAVA, step -> uses(step, "actions/setup-java")
                && step.at("/with/java-version").asText().equals("17")
                && step.at("/with/distribution").asText().equals("temurin")
                && step.at("/with/cache").asText().equals("maven"), problems);
        int wix = require(steps, WIX, step -> onlyOn(step, "== 'Windows'")
                && runs(step, "choco install wixtoolset --version 3.") && runs(step, "GITHUB_PATH"), problems);
        // Linux: .ci/run, which runs ./mvnw with the arguments it is given; elsewhere the matrix's wrapper.
        int linux = require(steps, LINUX_BUILD, step -> onlyOn(step, "== 'Linux'")
                && runs(step, ".ci/run -Pinstallers"), problems);
        if (!Files.readString(SOURCE.resolve(".ci/run")).contains("./mvnw -B verify \"$@\"")) {
            problems.add(".ci/run does not pass its arguments to ./mvnw -B verify");
        }
        int other = require(steps, OTHER_BUILD, step -> onlyOn(step, "!= 'Linux'")
                && runs(step, "${{ matrix.mvnw }} -B -Pinstallers verify") && runs(step, "${{ matrix.tests }}"),
                problems);
        int smoke = require(steps, SMOKE, step -> !step.has("if")
                && runs(step, "\"${{ matrix.launcher }}\" --version"), problems);
        int upload = require(steps, UPLOAD_PACKAGE, step -> !step.has("if") && uses(step, "actions/upload-artifact")
                && step.at("/with/path").asText().equals("installers/target/jpackage/*.${{ matrix.package }}"),
                problems);
        require(steps, UPLOAD_JAR, step -> onlyOn(step, "== 'Linux'") && uses(step, "actions/upload-artifact")
                && step.at("/with/path").asText().equals("desktop/target/portway-all.jar"), problems);
        if (checkout >= 0 && wix >= 0 && linux >= 0 && other >= 0 && smoke >= 0 && upload >= 0
                && !(checkout < wix && wix < other && Math.max(linux, other) < smoke && smoke < upload)) {
            problems.add("steps out of order: check out, WiX, build, smoke test, upload");
        }
        return problems;
    }

    /** Each system once, with its package, its wrapper and the launcher of the app image jpackage writes there. */
    private static void matrixProblems(JsonNode include, List<String> problems) throws IOException {
        for (String os : List.of("ubuntu-latest", "macos-latest", "windows-latest")) {
            if (indexOf(include, entry -> entry.path("os").asText().equals(os)) < 0) {
                problems.add("no " + os + " in the matrix");
            }
        }
        for (JsonNode entry : include) {
            String os = entry.path("os").asText();
            String[] expected = os.startsWith("windows")
                    ? new String[] {"msi", "./mvnw.cmd", "image/portway/portway-cli.exe"}
                    : os.startsWith("macos")
                            ? new String[] {"dmg", "./mvnw", "image/portway.app/Contents/MacOS/portway"}
                            : new String[] {"deb", "./mvnw", "image/portway/bin/portway"};
            if (!entry.path("package").asText().equals(expected[0])) {
                problems.add(os + " does not build the ." + expected[0]);
            }
            if (!entry.path("mvnw").asText().equals(expected[1])) {
                problems.add(os + " does not run " + expected[1]);
            }
            if (!entry.path("launcher").asText().equals("installers/target/jpackage/" + expected[2])) {
                problems.add(os + " does not smoke-test " + expected[2]);
            }
            if (!os.startsWith("ubuntu")) {
                testListProblems(os, entry.path("tests").asText(), problems);
            }
        }
    }

    /**
     * Surefire runs none of a name that matches no test (failIfNoSpecifiedTests=false, since each module has only
     * some), so each is checked to be a test class here; and Windows has no sh for UrlOpenerTest.
     */
    private static void testListProblems(String os, String list, List<String> problems) throws IOException {
        List<String> tests = List.of(list.split(",", -1));
        Set<String> here = testClasses();
        for (String test : tests) {
            if (!here.contains(test)) {
                problems.add(os + " names '" + test + "', which is no test class here");
            }
        }
        for (String test : ON_EACH_SYSTEM) {
            if (!tests.contains(test)) {
                problems.add(os + " does not run " + test);
            }
        }
        if (os.startsWith("windows") && tests.contains("UrlOpenerTest")) {
            problems.add(os + " runs UrlOpenerTest, which needs sh");
        }
    }

    private static Set<String> testClasses() throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> modules = Files.list(SOURCE)) {
            for (Path tests : modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(tests)) {
                    files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("Test.java"))
                            .forEach(f -> names.add(f.substring(0, f.length() - ".java".length())));
                }
            }
        }
        return names;
    }

    /** The index of the step with this name, after checking it does what the predicate wants; -1 when it does not. */
    private static int require(JsonNode steps, String name, Predicate<JsonNode> does, List<String> problems) {
        int index = indexOf(steps, step -> step.path("name").asText().equals(name));
        if (index < 0) {
            problems.add("no step '" + name + "'");
        } else if (!does.test(steps.get(index))) {
            problems.add("step '" + name + "' does not do its job: " + steps.get(index));
            return -1;
        }
        return index;
    }

    private static int indexOf(JsonNode array, Predicate<JsonNode> matches) {
        for (int i = 0; i < array.size(); i++) {
            if (matches.test(array.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean uses(JsonNode step, String action) {
        return step.path("uses").asText("").startsWith(action + "@");
    }

    private static boolean runs(JsonNode step, String text) {
        return step.path("run").asText("").contains(text);
    }

    private static boolean onlyOn(JsonNode step, String condition) {
        return step.path("if").asText("").equals("runner.os " + condition);
    }
}
