// One line of the audit log: who did what to which target, when, and from where.
package dev.portway.protocol.api;

public record AuditEntry(
        long id,
        String at,
        /* The acting user; null when it was not a signed-in user (a failed sign-in, the server's command line). */
        String actorId,
        /* The acting user's email, or the email a sign-in was tried with, or "cli". */
        String actorEmail,
        String action,
        /* What it acted on, e.g. "user bob@example.com"; null for a sign-in. */
        String target,
        String detail,
        String remoteAddress) {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login_failed";
    public static final String USER_DISABLE = "user.disable";
    public static final String USER_ENABLE = "user.enable";
    public static final String USER_DELETE = "user.delete";
    public static final String USER_PASSWORD = "user.password_reset";
    public static final String USER_GRANT_ADMIN = "user.grant_admin";
    public static final String USER_REVOKE_ADMIN = "user.revoke_admin";
    /** An admin set an account's own limits; detail: e.g. "max_sockets 500, max_ports default". */
    public static final String USER_LIMITS = "user.limits";
    public static final String SOCKET_DELETE = "socket.delete";
    public static final String AGENT_KICK = "agent.kick";
    /** A socket's owner added or removed a custom domain, or asked for it to be checked again; target "domain NAME". */
    public static final String DOMAIN_ADD = "domain.add";
    public static final String DOMAIN_REMOVE = "domain.remove";
    public static final String DOMAIN_VERIFY = "domain.verify";
    /** The server found a domain's TXT record (verified), or gave up after 24 h (failed); no actor. */
    public static final String DOMAIN_VERIFIED = "domain.verified";
    public static final String DOMAIN_FAILED = "domain.failed";
    public static final String SERVER_SIGNUP = "server.signup";
}
