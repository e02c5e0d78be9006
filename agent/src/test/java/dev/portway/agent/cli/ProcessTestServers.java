// What the command-line process tests run against: a server with every port on loopback and ephemeral (TCP sockets
// from 20000-20999, open signup), and a plain-HTTP origin that answers every request with a line of text.
package dev.portway.agent.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portway.server.CliProcess;
import dev.portway.server.TestServers;
import dev.portway.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

final class ProcessTestServers {
    private ProcessTestServers() {
    }

    /** The server's configuration, its data under dir/server. */
    static ServerConfig config(Path dir) {
        return TestServers.config(dir.resolve("server"));
    }

    /** Starts "portway ARGS" against the server with the token, in its own JVM; its config lives under configHome. */
    static CliProcess agent(String serverUrl, String token, Path configHome, String... args) throws IOException {
        return CliProcess.java(Main.class, Map.of("PORTWAY_SERVER", serverUrl, "PORTWAY_TOKEN", token,
                "XDG_CONFIG_HOME", configHome.toString()), args);
    }

    /** A started origin on a loopback port answering every request 200 with the text given for it. */
    static HttpServer origin(Function<HttpExchange, String> answer) throws IOException {
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.createContext("/", ex -> {
            byte[] body = answer.apply(ex).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        origin.start();
        return origin;
    }
}
