// An in-JVM TCP relay on loopback between an agent and the server's tunnel port. stall() makes it a broken path
// that keeps both sockets open: it stops forwarding (reads nothing more, writes nothing more) and closes new
// connections at once; resume() forwards new connections again. The stalled pairs stay open until close().
package dev.portway.agent.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

final class Relay implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    private static final class Pair {
        final Socket a;
        final Socket b;
        volatile boolean stalled;
        final CountDownLatch closed = new CountDownLatch(1);

        Pair(Socket a, Socket b) {
            this.a = a;
            this.b = b;
        }

        void close() {
            closed.countDown();
            try {
                a.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    Relay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "relay-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted and forwarded so far. */
    int forwarded() {
        return pairs.size();
    }

    void stall() {
        stalled = true;
        pairs.forEach(p -> p.stalled = true);
    }

    void resume() {
        stalled = false;
    }

    /** Whether both sockets of every stalled pair are still open on the relay. */
    boolean stalledPairsOpen() {
        return pairs.stream().filter(p -> p.stalled).allMatch(p -> !p.a.isClosed() && !p.b.isClosed());
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket a = listener.accept();
                if (stalled) {
                    a.close();
                    continue;
                }
                Socket b = new Socket(InetAddress.getLoopbackAddress(), target);
                Pair p = new Pair(a, b);
                pairs.add(p);
                pump(p, a, b);
                pump(p, b, a);
            } catch (IOException e) {
                // listener closed, or the target refused: the agent sees its connection end and retries
            }
        }
    }

    private static void pump(Pair p, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!p.stalled) {
                    int n = in.read(buf);
                    if (n < 0 || p.stalled) {
                        break;
                    }
                    out.write(buf, 0, n);
                }
                if (p.stalled) {
                    p.closed.await(); // silence with both sockets open, until the relay closes
                    return;
                }
            } catch (IOException e) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!p.stalled) {
                p.close();
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        pairs.forEach(Pair::close);
    }
}
