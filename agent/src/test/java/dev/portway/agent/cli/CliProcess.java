// The portway command line as a real child process (its own JVM), with every line it prints collected.
package dev.portway.agent.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class CliProcess implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // The stream closes when the process ends; what it printed until then is in lines.
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts "portway ARGS" against the server with the token; its config lives under configHome. */
    static CliProcess start(String serverUrl, String token, Path configHome, String... args) throws Exception {
        return java(Main.class, java.util.Map.of("PORTWAY_SERVER", serverUrl, "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", configHome.toString()), args);
    }

    /** Starts the main class in its own JVM on the test class path, with these extra environment variables. */
    static CliProcess java(Class<?> main, java.util.Map<String, String> env, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new CliProcess(pb.start());
    }

    /** SIGTERM by kill(1): Process.destroy() would also close our end of its output, losing what it says next. */
    void sigterm() throws Exception {
        if (new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -TERM " + process.pid() + " failed");
        }
    }

    /** The URL of the first "online URL -> target" line, once printed. */
    String onlineUrl() {
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(l -> l.startsWith("online")));
        return lines.stream().filter(l -> l.startsWith("online")).findFirst().orElseThrow().split("\\s+")[1];
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
