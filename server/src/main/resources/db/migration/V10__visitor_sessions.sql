-- Visitor sign-in with the server's OpenID Connect provider, shared by every node (see docs/visitors.md). Times are
-- epoch milliseconds: compared, never shown.

-- Keys the nodes share, made once by whichever node needs one first: the key that seals (encrypts and authenticates)
-- visitors' session cookies, sign-in flows and sign-in targets. Base64.
CREATE TABLE visitor_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One-time hand-off codes: the callback on the apex domain signed the visitor in and sends the browser to the
-- socket's own name with a code, which any node redeems once (the row is deleted) within a minute. Only the code's
-- SHA-256 is kept, so a copy of the table redeems nothing. socket_id: the socket the name was when the sign-in
-- started; browser_hash: the SHA-256 of the sign-in cookie (__Host-portway_signin) of the browser that may redeem it.
CREATE TABLE visitor_codes (
    code_hash    TEXT PRIMARY KEY,
    email        TEXT NOT NULL,
    subject      TEXT NOT NULL,
    host         TEXT NOT NULL,
    socket_id    TEXT NOT NULL,
    path         TEXT NOT NULL,
    browser_hash TEXT NOT NULL,
    expires_at   BIGINT NOT NULL
);

-- Sessions ended by /.portway/logout before their cookie expires: every node reads them (by id, in order) and refuses
-- the session's cookie until expires_at, when the row may go.
CREATE TABLE visitor_logouts (
    id         ${auto_id},
    session_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
