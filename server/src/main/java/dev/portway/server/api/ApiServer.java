// The REST API under /api/v1: assembles every route and maps failures to {"error":{"code","message"}}.
package dev.portway.server.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import dev.portway.protocol.Json;
import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.server.ServerConfig;
import dev.portway.server.edge.DedicatedPorts;
import dev.portway.server.edge.SocketCatalog;
import dev.portway.server.link.TunnelRegistry;
import dev.portway.server.security.ApiTokens;
import dev.portway.server.store.Store;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Marks a response that already carries our error body, so the 404 fallback leaves it alone. */
    private static final String ANSWERED = "portway.answered";
    private final Javalin app;

    public ApiServer(ServerConfig config, Store store, TunnelRegistry registry, ServerInfo info,
                     SocketCatalog catalog, DedicatedPorts ports) {
        ApiTokens tokens = new ApiTokens(store);
        AccountController accounts = new AccountController(store, tokens, config.signup());
        SocketController sockets = new SocketController(store, tokens, registry, config, catalog, ports);
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.useVirtualThreads = false;
            c.jsonMapper(new JavalinJackson(Json.create(), false));
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.router.apiBuilder(() -> path("/api/v1", () -> {
                get("server", ctx -> ctx.json(info));
                post("accounts", accounts::create);
                post("login", accounts::login);
                post("logout", accounts::logout);
                get("account", accounts::show);
                path("sockets", () -> {
                    get(sockets::list);
                    post(sockets::create);
                    path("{socket_id}", () -> {
                        get(sockets::show);
                        delete(sockets::delete);
                        patch(sockets::update);
                        path("tunnels", () -> {
                            get(sockets::listTunnels);
                            post(sockets::createTunnel);
                            path("{tunnel_id}", () -> {
                                get(sockets::showTunnel);
                                delete(sockets::deleteTunnel);
                                post("credential", sockets::rotateCredential);
                            });
                        });
                    });
                });
            }));
        });
        app.exception(ApiException.class, (e, ctx) -> {
            ctx.attribute(ANSWERED, true);
            if (e.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
                answerAndHangUp(ctx, e);
                return;
            }
            ctx.status(e.code().status()).json(ApiError.of(e.code(), e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("API request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(ApiError.of(ErrorCode.INTERNAL, "internal error; see the server log"));
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ANSWERED) == null) {
                ctx.json(ApiError.of(ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    /**
     * Sends the error and closes the connection at once: the server would otherwise read (and discard) the rest of
     * an oversized body, however long, only to keep the connection open.
     */
    private static void answerAndHangUp(io.javalin.http.Context ctx, ApiException e) {
        try {
            writeAndClose(ctx, e);
        } catch (java.io.IOException io) {
            LOG.debug("could not answer {} {}: {}", ctx.method(), ctx.path(), io.toString());
        }
    }

    private static void writeAndClose(io.javalin.http.Context ctx, ApiException e) throws java.io.IOException {
        byte[] body = Json.mapper().writeValueAsBytes(ApiError.of(e.code(), e.getMessage()));
        jakarta.servlet.http.HttpServletResponse res = ctx.res();
        res.setStatus(e.code().status());
        res.setContentType("application/json");
        res.setHeader("Connection", "close");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        res.flushBuffer();
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint().close();
    }

    public void start(String host, int port) {
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
