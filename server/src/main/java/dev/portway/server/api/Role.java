// Who may call a route. Every route under /api/v1 names one; the caller is checked once, before the handler.
package dev.portway.server.api;

import io.javalin.security.RouteRole;

enum Role implements RouteRole {
    /** No token needed (sign-up, login, server info). */
    ANYONE,
    /** A signed-in user whose account is enabled. */
    USER,
    /** A signed-in, enabled admin. */
    ADMIN
}
