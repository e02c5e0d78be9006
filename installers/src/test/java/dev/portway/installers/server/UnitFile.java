// The settings of a systemd unit file that the tests need: key=value lines per [section], repeated keys kept.
package dev.portway.installers.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class UnitFile {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private UnitFile() {
    }

    /** Reads a unit file (no line continuations: the tests' units have none). */
    static UnitFile read(Path file) throws IOException {
        UnitFile unit = new UnitFile();
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException(file + ": not a key=value line: " + line);
            }
            unit.values.computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return unit;
    }

    /** Every value of section.key, in file order (e.g. "Service.Environment"). */
    List<String> all(String sectionKey) {
        return values.getOrDefault(sectionKey, List.of());
    }

    /** The one value of section.key; a unit with none or several is not what the tests expect. */
    String one(String sectionKey) {
        List<String> v = all(sectionKey);
        if (v.size() != 1) {
            throw new IllegalStateException(sectionKey + " has " + v.size() + " values: " + v);
        }
        return v.get(0);
    }

    /**
     * The environment the unit gives its command: Environment= lines, then EnvironmentFile= (whose lines override
     * them, as in systemd), each file path passed through fileAt (the tests keep the files elsewhere).
     */
    Map<String, String> environment(java.util.function.UnaryOperator<String> fileAt) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignments : all("Service.Environment")) {
            for (String a : assignments.split("\\s+")) {
                put(env, a);
            }
        }
        for (String name : all("Service.EnvironmentFile")) {
            boolean optional = name.startsWith("-");
            Path file = Path.of(fileAt.apply(optional ? name.substring(1) : name));
            if (!Files.exists(file) && optional) {
                continue;
            }
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (!line.isEmpty() && !line.startsWith("#") && !line.startsWith(";")) {
                    put(env, line);
                }
            }
        }
        return env;
    }

    private static void put(Map<String, String> env, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 1) {
            throw new IllegalStateException("not VARIABLE=value: " + assignment);
        }
        env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }
}
