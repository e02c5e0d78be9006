// A command line as a real child process (a JVM on the test class path, or an installed launcher), with every line
// it prints (stdout and stderr) collected as it comes: the one process fixture of every module's tests.
package dev.portway.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

public final class CliProcess implements AutoCloseable {
    public final Process process;
    public final List<String> lines = new CopyOnWriteArrayList<>();
    /** Set once the process's output has been read to its end: lines then holds all it will ever print. */
    private volatile boolean ended;

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The stream closes when the process ends; what it printed until then is in lines.
            }
            ended = true;
        }, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the command, its stderr merged into its stdout. */
    public static CliProcess start(ProcessBuilder builder) throws IOException {
        return new CliProcess(builder.redirectErrorStream(true).start());
    }

    /** Starts the main class in its own JVM on the test class path, with these extra environment variables. */
    public static CliProcess java(Class<?> main, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(main, args));
        pb.environment().putAll(env);
        return start(pb);
    }

    /** java -cp TEST_CLASS_PATH MAIN ARGS: the command line of a main class in its own JVM. */
    public static List<String> javaCommand(Class<?> main, String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The first line that starts with prefix, once printed; fails at once if its output ends without it. */
    public String line(String prefix) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .failFast(() -> ended && lines.stream().noneMatch(l -> l.startsWith(prefix)))
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
        } catch (RuntimeException e) {
            throw new AssertionError("no line starting with '" + prefix + "'; the process printed:\n" + output(), e);
        }
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** The URL of the agent's first "online URL -> target" line, once printed. */
    public String onlineUrl() {
        return line("online").split("\\s+")[1];
    }

    /** Everything the process printed, once its output has ended. */
    public List<String> allLines() {
        await().atMost(Duration.ofSeconds(60)).until(() -> ended);
        return List.copyOf(lines);
    }

    /** What it printed so far, a line each. */
    public String output() {
        return String.join("\n", lines);
    }

    /** SIGTERM by kill(1): Process.destroy() would also close our end of its output, losing what it says next. */
    public void sigterm() throws Exception {
        signal("TERM");
    }

    /** kill -NAME PID (TERM, HUP, …), as systemd and container engines signal a service. */
    public void signal(String name) throws Exception {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    @Override
    public String toString() {
        return output();
    }

    /** Ends the process and whatever it started: a launcher that failed to exec would leave its java behind. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
