// One app per user: a later "up" in another JVM finds the running app before starting a server and exits 0, only
// the holder of the owner-only secret is heard, and after the app quits the next launch is the app.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path tmp;

    /** "portway ARGS" in a JVM of its own, with this test's classes, the config folder under tmp and no display. */
    static Process launch(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "dev.portway.desktop.cli.DesktopMain"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        return pb.start();
    }

    /** The launch's output once it has exited; fails the test when it has not within a minute. */
    static String finished(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the second launch exits");
        return out;
    }

    @Tag("process")
    @Test
    void aSecondUpInAnotherJvmBringsTheRunningAppForwardInsteadOfStartingAServer() throws Exception {
        CountDownLatch raised = new CountDownLatch(1);
        try (SingleInstance first = SingleInstance.claim(tmp.resolve("config/portway"), true).instance()) {
            first.onRaise(raised::countDown);
            // No server jar is set for it: had it gone on to start a server, it would have failed (exit 1).
            Process second = launch(tmp, "up");
            String out = finished(second);
            assertEquals(0, second.exitValue(), out);
            assertEquals("Portway is already running: its window was brought forward.", out.strip());
            assertTrue(raised.await(30, TimeUnit.SECONDS), "the running app was asked to come forward");
        }
    }

    @Test
    void onlyTheOwnerOnlySecretIsHeard() throws Exception {
        Path dir = tmp.resolve("portway");
        AtomicInteger raised = new AtomicInteger();
        try (SingleInstance first = SingleInstance.claim(dir, true).instance()) {
            first.onRaise(raised::incrementAndGet);
            Path address = dir.resolve(SingleInstance.ADDRESS);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(address)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
                    "the settings' folder, made here when the app comes first, is owner-only as the settings make it");
            int port = Integer.parseInt(Files.readString(address).split(" ")[0]);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write(("0".repeat(64) + " raise\n").getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertEquals(-1, in.read(), "a wrong secret gets no answer");
            }
            assertEquals(0, raised.get());
            // Then the real thing, in this process (the lock is this JVM's own).
            assertFalse(SingleInstance.claim(dir, true).first());
            assertEquals(1, raised.get());
        }
    }

    @Test
    void aRaiseBeforeTheWindowIsReadyIsKeptAndAfterQuitTheNextLaunchIsTheApp() throws Exception {
        Path dir = tmp.resolve("portway");
        SingleInstance first = SingleInstance.claim(dir, true).instance();
        assertNull(SingleInstance.claim(dir, true).instance(), "a second claim finds the first");
        AtomicInteger raised = new AtomicInteger();
        first.onRaise(raised::incrementAndGet);
        assertEquals(1, raised.get(), "asked before its window was there: it comes forward once it is");
        assertFalse(SingleInstance.claim(dir, false).first(), "at login (minimized) it is only asked whether it runs");
        assertEquals(1, raised.get());
        first.close();
        assertFalse(Files.exists(dir.resolve(SingleInstance.ADDRESS)));
        try (SingleInstance next = SingleInstance.claim(dir, true).instance()) {
            assertTrue(next != null, "the app quit: this launch is the app now");
        }
    }
}
