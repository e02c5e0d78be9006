// A real child process with every line it prints (stdout and stderr) collected as it comes.
package dev.portway.installers.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

final class Child implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    /** Set once the process's output has been read to its end: lines then holds all it will ever print. */
    private volatile boolean ended;

    Child(ProcessBuilder builder) throws IOException {
        process = builder.redirectErrorStream(true).start();
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
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** The first line that starts with prefix, once printed; fails at once if its output ends without it. */
    String line(String prefix) {
        try {
            await().atMost(Duration.ofSeconds(60))
                    .failFast(() -> ended && lines.stream().noneMatch(l -> l.startsWith(prefix)))
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith(prefix)));
        } catch (RuntimeException e) {
            throw new AssertionError("no line starting with '" + prefix + "'; the process printed:\n" + this, e);
        }
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** Everything the process printed, once its output has ended. */
    List<String> allLines() {
        await().atMost(Duration.ofSeconds(60)).until(() -> ended);
        return List.copyOf(lines);
    }

    /** SIGTERM by kill(1), as systemd and container engines stop a service. */
    void sigterm() throws Exception {
        if (new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IllegalStateException("kill -TERM " + process.pid() + " failed");
        }
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    /** Ends the process and whatever it started: a launcher that failed to exec would leave its java behind. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
