// One app per user: the first launch holds a lock in the config folder and listens on a loopback port written, with a
// secret, to an owner-only file there; a later launch finds it and asks it to bring its window forward instead of
// starting a second app (and, for "up", a second server on a port already taken).
package dev.portway.desktop.system;

import dev.portway.protocol.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

public final class SingleInstance implements AutoCloseable {
    static final String LOCK = "app.lock";
    /** "PORT SECRET": where the running app listens, and what it wants to hear first. */
    static final String ADDRESS = "app.address";
    private static final String RAISE = "raise";
    private static final int TIMEOUT_MILLIS = 2000;
    /** How long a later launch waits for the first one to have written its address (it takes the lock first). */
    private static final long FIND_MILLIS = 5000;

    private final FileChannel channel;
    private final FileLock lock;
    private final ServerSocket server;
    private final Path address;
    private final byte[] line;
    private Runnable onRaise;
    private boolean raised;

    private SingleInstance(FileChannel channel, FileLock lock, ServerSocket server, Path address, byte[] line) {
        this.channel = channel;
        this.lock = lock;
        this.server = server;
        this.address = address;
        this.line = line;
    }

    /** What a launch found: this process is the app (instance set), or another is and was asked to come forward. */
    public record Claim(SingleInstance instance) {
        public boolean first() {
            return instance != null;
        }
    }

    /**
     * Makes this process the user's one app, or asks the running one to bring its window forward (raise false: only
     * checks it answers, for a start in the tray). Fails with an IOException when another holds the lock but does not
     * answer.
     */
    public static Claim claim(Path dir, boolean raise) throws IOException {
        if (!Files.isDirectory(dir)) {
            // The settings' folder: owner-only, as the settings make it when they come first.
            Files.createDirectories(dir);
            FilePermissions.ownerOnlyDir(dir);
        }
        Path lockFile = dir.resolve(LOCK);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FilePermissions.ownerOnlyFile(lockFile);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            signal(dir.resolve(ADDRESS), raise);
            return new Claim(null);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String hex = HexFormat.of().formatHex(secret);
            Path address = dir.resolve(ADDRESS);
            FilePermissions.writeOwnerOnly(address, (server.getLocalPort() + " " + hex + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            SingleInstance instance = new SingleInstance(channel, lock, server, address,
                    hex.getBytes(StandardCharsets.US_ASCII));
            Thread t = new Thread(instance::serve, "portway-single-instance");
            t.setDaemon(true);
            t.start();
            return new Claim(instance);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What to do when a later launch asks; one that asked before this is set is answered now. */
    public synchronized void onRaise(Runnable action) {
        onRaise = action;
        if (raised) {
            raised = false;
            action.run();
        }
    }

    private synchronized void raise() {
        if (onRaise != null) {
            onRaise.run();
        } else {
            raised = true;
        }
    }

    /** One caller at a time, each with a short timeout: only the owner of the file knows the secret. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(TIMEOUT_MILLIS);
                String said = readLine(s.getInputStream());
                int space = said.indexOf(' ');
                if (space < 0 || !MessageDigest.isEqual(line, said.substring(0, space)
                        .getBytes(StandardCharsets.US_ASCII))) {
                    continue;
                }
                if (said.substring(space + 1).equals(RAISE)) {
                    raise();
                }
                s.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // A caller that said nothing in time, or the socket closed by close(): the loop condition decides.
            }
        }
    }

    private static void signal(Path address, boolean raise) throws IOException {
        long deadline = System.nanoTime() + FIND_MILLIS * 1_000_000;
        IOException last = null;
        do {
            try {
                String[] words = Files.readString(address, StandardCharsets.US_ASCII).strip().split(" ");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(words[0])),
                            TIMEOUT_MILLIS);
                    s.setSoTimeout(TIMEOUT_MILLIS);
                    OutputStream out = s.getOutputStream();
                    out.write((words[1] + " " + (raise ? RAISE : "hello") + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (readLine(s.getInputStream()).equals("ok")) {
                        return;
                    }
                }
            } catch (NoSuchFileException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // The running app has the lock but has not written its address yet.
                last = new IOException("it has not said where it listens");
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new IOException("Portway is already running but does not answer ("
                + (last == null ? "interrupted" : last.getMessage()) + ")");
    }

    /** One short line; anything longer than a secret and a word is not ours. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n' && b.length() < 100; c = in.read()) {
            b.append((char) c);
        }
        return b.toString();
    }

    /** When the app quits: the next launch starts afresh. */
    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(address);
        lock.release();
        channel.close();
    }
}
