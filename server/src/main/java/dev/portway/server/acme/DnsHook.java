// Runs the operator's DNS hook as lego's exec provider does: CMD present FQDN VALUE, then CMD cleanup FQDN VALUE. One
// run at a time per FQDN (a wildcard order puts two values on the same name, and a script that reads the zone, adds a
// value and writes it back must not race itself), a deadline that kills the whole process tree, and the output kept
// so that a failure says why in the script's own words.
package dev.portway.server.acme;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class DnsHook {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(DnsHook.class);
    /** Kept of each stream for the log: a script that prints a whole API response must not fill the heap. */
    private static final int OUTPUT_LIMIT = 8192;
    private static final String STORE_PASSWORD = "PORTWAY_STORE_PASSWORD";

    private final HookCommand command;
    private final Duration timeout;
    private final Map<String, String> environment;
    /** Only the names of DNS-01 orders (the domain's _acme-challenge name) ever get here: a handful, kept. */
    private final ConcurrentHashMap<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public DnsHook(HookCommand command, Duration timeout) {
        this(command, timeout, System.getenv());
    }

    /**
     * environment: the server's; the hook gets it (its API token may come from there, or from systemd's
     * CREDENTIALS_DIRECTORY) less the store's password, which is the server's secret, not the hook's.
     */
    DnsHook(HookCommand command, Duration timeout, Map<String, String> environment) {
        this.command = command;
        this.timeout = timeout;
        this.environment = environment.entrySet().stream().filter(e -> !e.getKey().equals(STORE_PASSWORD))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Publishes value as a TXT record of fqdn (which ends with a dot). */
    public void present(String fqdn, String value) throws IOException, InterruptedException {
        run("present", fqdn, value);
    }

    /** Withdraws what present published. */
    public void cleanup(String fqdn, String value) throws IOException, InterruptedException {
        run("cleanup", fqdn, value);
    }

    private void run(String action, String fqdn, String value) throws IOException, InterruptedException {
        ReentrantLock lock = running.computeIfAbsent(fqdn, n -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            runAlone(action, fqdn, value);
        } finally {
            lock.unlock();
        }
    }

    private void runAlone(String action, String fqdn, String value) throws IOException, InterruptedException {
        String what = "DNS hook " + action + " " + fqdn;
        // Files rather than pipes: a grandchild left running with the script's stdout open cannot hang the reader.
        Path out = Files.createTempFile("portway-dns-hook", ".out");
        Path err = Files.createTempFile("portway-dns-hook", ".err");
        try {
            long started = System.nanoTime();
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command.with(action, fqdn, value))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                process = builder.start();
            } catch (IOException e) {
                throw new IOException(what + ": cannot run " + command.program() + ": " + e.getMessage(), e);
            }
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killTree(process);
                throw e;
            }
            if (!finished) {
                killTree(process);
                logOutput(what, out, err);
                throw new IOException(what + " did not finish within " + seconds(timeout) + " s and was killed"
                        + lastLine(err, out));
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            logOutput(what, out, err);
            int exit = process.exitValue();
            if (exit != 0) {
                throw new IOException(what + " exited with " + exit + lastLine(err, out));
            }
            LOG.info("{}: done in {} ms", what, ms);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    /** The children first: once their parent is gone they belong to init and can no longer be found from here. */
    private static void killTree(Process process) throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static void logOutput(String what, Path out, Path err) throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} stdout: {}", what, tail(out));
            LOG.debug("{} stderr: {}", what, tail(err));
        }
    }

    /** ": " and the last line that says something, from stderr, else from stdout. */
    private static String lastLine(Path err, Path out) throws IOException {
        for (Path p : List.of(err, out)) {
            List<String> lines = tail(p).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (!lines.isEmpty()) {
                return ": " + lines.get(lines.size() - 1);
            }
        }
        return " (no output)";
    }

    private static String tail(Path p) throws IOException {
        long size = Files.size(p);
        try (var in = Files.newInputStream(p)) {
            in.skipNBytes(Math.max(0, size - OUTPUT_LIMIT));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
