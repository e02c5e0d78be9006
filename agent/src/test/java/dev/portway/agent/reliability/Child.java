// A real child process (a JVM on the test class path, or a tool such as slowhttptest) with every line it prints
// kept with the time it arrived, and copied to target/reliability/logs/NAME.log for a look afterwards.
package dev.portway.agent.reliability;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

public final class Child implements AutoCloseable {
    /** A line and System.nanoTime() when it was read. */
    public record Line(long nanos, String text) {
    }

    final String name;
    final Process process;
    final List<Line> lines = new CopyOnWriteArrayList<>();

    private Child(String name, Process process) throws IOException {
        this.name = name;
        this.process = process;
        Path log = Path.of("target", "reliability", "logs", name + ".log");
        Files.createDirectories(log.getParent());
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true);
        copy.println("---- started pid " + process.pid() + " at " + java.time.Instant.now());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); copy) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(new Line(System.nanoTime(), line));
                    copy.println(line);
                }
            } catch (IOException e) {
                // The stream closes when the process ends; what it printed until then is kept.
            }
        }, "child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the main class in its own JVM on the test class path. */
    public static Child java(String name, Class<?> main, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        return start(name, env, cmd);
    }

    static Child start(String name, Map<String, String> env, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new Child(name, pb.start());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void signal(String sig) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM through kill(1), so our end of its output stays open for what it says while stopping. */
    void sigterm() throws IOException, InterruptedException {
        signal("TERM");
    }

    /** kill -9: no handler, no goodbye. */
    public void kill9() throws IOException, InterruptedException {
        signal("KILL");
    }

    /** The exit code, or -1 if still running after the wait. */
    public int awaitExit(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    int count(Predicate<String> p) {
        return (int) lines.stream().filter(l -> p.test(l.text())).count();
    }

    /** The first line matching after the given index, once printed (waits up to the limit). */
    public Line awaitLine(int fromIndex, Predicate<String> p, Duration atMost) {
        Line[] found = new Line[1];
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<Line> now = List.copyOf(lines);
            for (int i = fromIndex; i < now.size(); i++) {
                if (p.test(now.get(i).text())) {
                    found[0] = now.get(i);
                    return true;
                }
            }
            return !process.isAlive() && lines.size() == now.size() && fail(atMost);
        });
        return found[0];
    }

    private boolean fail(Duration atMost) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") without printing the line; it said:\n"
                + tail(20));
    }

    String tail(int n) {
        List<Line> now = List.copyOf(lines);
        StringBuilder b = new StringBuilder();
        for (Line l : now.subList(Math.max(0, now.size() - n), now.size())) {
            b.append(l.text()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
