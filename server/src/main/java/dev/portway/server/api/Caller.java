// The signed-in user a request comes from, put on the request once by Authentication.
package dev.portway.server.api;

import io.javalin.http.Context;

record Caller(String userId, String email, boolean admin) {
    private static final String KEY = "portway.caller";

    void attachTo(Context ctx) {
        ctx.attribute(KEY, this);
    }

    /** The caller of a USER or ADMIN route; a route open to ANYONE has none. */
    static Caller of(Context ctx) {
        Caller c = ctx.attribute(KEY);
        if (c == null) {
            throw new IllegalStateException("no caller on " + ctx.method() + " " + ctx.path()
                    + ": the route is not for signed-in users");
        }
        return c;
    }
}
