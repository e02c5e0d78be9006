// The admin API under /api/v1/admin: every route in this one table, each for admins only.
package dev.portway.server.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.post;

final class AdminApi {
    private final AdminUsers users;
    private final AdminSockets sockets;
    private final AdminServerView server;
    private final AuditController audit;
    private final AdminSignIn signIn;
    private final AdminCertificates certificates;

    AdminApi(AdminUsers users, AdminSockets sockets, AdminServerView server, AuditController audit,
             AdminSignIn signIn, AdminCertificates certificates) {
        this.signIn = signIn;
        this.certificates = certificates;
        this.users = users;
        this.sockets = sockets;
        this.server = server;
        this.audit = audit;
    }

    /** Registers the routes inside the path("admin") group of the API builder. */
    void routes() {
        get("users", users::list, Role.ADMIN);
        patch("users/{user_id}", users::update, Role.ADMIN);
        delete("users/{user_id}", users::delete, Role.ADMIN);
        get("sockets", sockets::list, Role.ADMIN);
        delete("sockets/{socket_id}", sockets::delete, Role.ADMIN);
        get("agents", sockets::agents, Role.ADMIN);
        delete("agents/{tunnel_id}", sockets::kick, Role.ADMIN);
        get("server", server::show, Role.ADMIN);
        patch("server", server::update, Role.ADMIN);
        get("audit", audit::list, Role.ADMIN);
        post("login-codes", signIn::mint, Role.ADMIN);
        get("certificates", certificates::list, Role.ADMIN);
    }
}
