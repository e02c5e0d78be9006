// The one place that picks Netty's transport, once per process: epoll where the native library loads (io_uring when
// asked for), Java NIO elsewhere or when -Dportway.transport=nio asks for it; every event loop group and channel
// class comes from here, so a loop and the channels registered on it always match.
package dev.portway.protocol.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

public enum Transports {
    NIO("nio", NioIoHandler.class, NioIoHandler::newFactory, NioServerSocketChannel.class, NioSocketChannel.class,
            NioDatagramChannel.class),
    EPOLL("epoll", EpollInterestGuard.class, EpollInterestGuard::newFactory, EpollServerSocketChannel.class,
            EpollSocketChannel.class, EpollDatagramChannel.class),
    IO_URING("io_uring", IoUringIoHandler.class, IoUringIoHandler::newFactory, IoUringServerSocketChannel.class,
            IoUringSocketChannel.class, IoUringDatagramChannel.class);

    /** The system property that forces one: nio, epoll or io_uring. */
    public static final String PROPERTY = "portway.transport";
    /** The same for a whole process tree (a test run's servers and agents started as processes): the property wins. */
    public static final String ENVIRONMENT = "PORTWAY_TRANSPORT";

    private final String label;
    private final Class<? extends IoHandler> ioType;
    private final Supplier<IoHandlerFactory> handlers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends DatagramChannel> datagramChannel;

    Transports(String label, Class<? extends IoHandler> ioType, Supplier<IoHandlerFactory> handlers,
               Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
               Class<? extends DatagramChannel> datagramChannel) {
        this.label = label;
        this.ioType = ioType;
        this.handlers = handlers;
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
        this.datagramChannel = datagramChannel;
    }

    /** The transport of this process, chosen on first use; an error names the forced one that cannot load. */
    public static Transports current() {
        return Chosen.choice();
    }

    /** What the start lines and logs show: nio, epoll or io_uring. */
    public String label() {
        return label;
    }

    /** threads 0: Netty's default (twice the cores). */
    public EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, handlers.get());
    }

    /** A group whose next loop for a new channel is picked by chooser (the edge's visitor hint). */
    public EventLoopGroup group(int threads, EventExecutorChooserFactory chooser) {
        return new MultiThreadIoEventLoopGroup(threads, (Executor) null, chooser, handlers.get());
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    /**
     * The client channel class that registers on group: a caller's group (a test's, the desktop's) may be of another
     * transport than this process's.
     */
    public static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io) {
            for (Transports t : values()) {
                if (io.isIoType(t.ioType)) {
                    return t.socketChannel;
                }
            }
        }
        return current().socketChannel;
    }

    /** The UDP channel class that registers on group (a udp socket's port, an agent's socket toward its service). */
    public static Class<? extends DatagramChannel> datagramChannel(EventLoopGroup group) {
        if (group instanceof IoEventLoopGroup io) {
            for (Transports t : values()) {
                if (io.isIoType(t.ioType)) {
                    return t.datagramChannel;
                }
            }
        }
        return current().datagramChannel;
    }

    /** What -Dportway.transport or else PORTWAY_TRANSPORT asks for; null or blank: the default. */
    public static String forced() {
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isBlank() ? property : System.getenv(ENVIRONMENT);
    }

    /**
     * forced: the property's value, or null for the default: epoll where it loads, NIO elsewhere. Not io_uring by
     * default: it measured no cheaper than epoll here (bench/transports, docs/benchmarks-tuning.md), and a wss://
     * WebSocket opened next to a download on the HTTPS edge gets no echo on it (CertificateSwapTest fails).
     * unavailable: why a native one cannot load, null when it can.
     */
    static Transports choose(String forced, Unavailability unavailable) {
        if (forced == null || forced.isBlank()) {
            return unavailable.cause(EPOLL) == null ? EPOLL : NIO;
        }
        Transports wanted = null;
        for (Transports t : values()) {
            if (t.label.equals(forced.trim().toLowerCase(Locale.ROOT))) {
                wanted = t;
            }
        }
        if (wanted == null) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be nio, epoll or io_uring, not " + forced);
        }
        Throwable cause = unavailable.cause(wanted);
        if (cause != null) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + wanted.label + " is not available here: "
                    + firstLine(cause));
        }
        return wanted;
    }

    private static String firstLine(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String text = String.valueOf(root.getMessage() != null ? root.getMessage() : root);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** Why a transport cannot be used here; null when it can. */
    interface Unavailability {
        Throwable cause(Transports transport);

        /** Asks Netty: loading the native library is tried once, on first question. */
        Unavailability NATIVE = transport -> switch (transport) {
            case NIO -> null;
            case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
            case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
        };
    }

    /** Holds the choice, made when first asked for (a failed one is asked again and fails the same way). */
    private static final class Chosen {
        private static volatile Transports choice;

        static Transports choice() {
            Transports c = choice;
            if (c == null) {
                c = choose(forced(), Unavailability.NATIVE);
                choice = c;
            }
            return c;
        }
    }
}
