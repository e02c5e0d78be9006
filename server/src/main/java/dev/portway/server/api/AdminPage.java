// The admin page at /admin: four static files from the jar (no build step, nothing from elsewhere), each with the
// headers that keep the page to itself: its own scripts only, no frames, no referrer.
package dev.portway.server.api;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

final class AdminPage {
    /**
     * Scripts and styles from this origin only (no inline script: an injected tag could not run), API calls to this
     * origin only, and no form may submit anywhere: without its script, the sign-in form must not send a password
     * in a URL.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private record Asset(byte[] body, String contentType) {
    }

    private final Handler guard;
    private final Asset html = asset("index.html", "text/html; charset=utf-8");
    private final Asset script = asset("admin.js", "text/javascript; charset=utf-8");
    private final Asset style = asset("admin.css", "text/css; charset=utf-8");
    private final Asset icon = asset("favicon.svg", "image/svg+xml");

    /** guard runs before each file (on an HTTPS-only API it refuses plain requests, as the API does). */
    AdminPage(Handler guard) {
        this.guard = guard;
    }

    /** Registers the page's routes; the page itself needs no token, only the API calls it makes do. */
    void routes() {
        get("/admin", ctx -> serve(ctx, html));
        get("/admin/admin.js", ctx -> serve(ctx, script));
        get("/admin/admin.css", ctx -> serve(ctx, style));
        get("/admin/favicon.svg", ctx -> serve(ctx, icon));
    }

    private void serve(Context ctx, Asset asset) throws Exception {
        guard.handle(ctx);
        secureHeaders(ctx);
        // Always asked again, so that a server upgrade never leaves an old script talking to a new API.
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    /** The headers that keep every answer of the page to itself: its own scripts only, no frames, no referrer. */
    static void secureHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = AdminPage.class.getResourceAsStream("/admin/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the admin page's " + name + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
