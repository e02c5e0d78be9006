-- E-mail sign-in per socket: visitors sign in with the server's OpenID Connect provider, and only these verified
-- addresses, or any address at these domains, get in. Comma-separated, lower case; both empty: no e-mail sign-in.
ALTER TABLE sockets ADD COLUMN allowed_emails TEXT NOT NULL DEFAULT '';
ALTER TABLE sockets ADD COLUMN allowed_email_domains TEXT NOT NULL DEFAULT '';
