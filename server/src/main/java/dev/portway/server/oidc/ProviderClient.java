// The server's side of one OpenID Connect provider: discovery (ISSUER/.well-known/openid-configuration), the
// authorization URL (code flow, PKCE S256, state, nonce), and the code exchange whose ID token is validated
// (signature by the provider's JWKS, issuer, audience, expiry, nonce) before its verified e-mail address counts.
//
// Discovery is lazy, with retry: a provider that is down when the server starts must not keep the server (and every
// tunnel and socket that needs no sign-in) down; sign-in pages say to try again, and the next one rediscovers.
package dev.portway.server.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.portway.server.config.OidcSettings;
import dev.portway.server.access.VisitorAccess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class ProviderClient {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderClient.class);
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;
    /** The provider's JWKS document is read up to this size. */
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    private static final int MAX_SUBJECT = 255;
    /** A failed discovery is tried again by the next sign-in after this long, not by every one. */
    static final Duration REDISCOVER_AFTER = Duration.ofSeconds(10);

    private final OidcSettings settings;
    private final URI redirectUri;
    private Discovered discovered;
    private long lastAttempt = Long.MIN_VALUE;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    ProviderClient(OidcSettings settings, URI redirectUri) {
        this.settings = settings;
        this.redirectUri = redirectUri;
    }

    /** Where the browser signs in; state, nonce and the PKCE verifier stay with the server (sealed in a cookie). */
    URI authorizationUrl(String state, String nonce, String verifier) throws SignInFailure {
        OIDCProviderMetadata m = discovered().metadata();
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "email"),
                new ClientID(settings.clientId()), redirectUri).endpointURI(m.getAuthorizationEndpointURI())
                .state(new State(state)).nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256).build().toURI();
    }

    /** Exchanges the code and validates the ID token; its verified address, or why not. */
    Identity exchange(String code, String verifier, String nonce) throws SignInFailure {
        Discovered d = discovered();
        TokenRequest request = tokenRequest(d.metadata(), new AuthorizationCodeGrant(new AuthorizationCode(code),
                redirectUri, new CodeVerifier(verifier)));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(CONNECT_TIMEOUT_MS);
        http.setReadTimeout(READ_TIMEOUT_MS);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (Exception e) {
            LOG.warn("identity provider: the token endpoint failed: {}", e.toString());
            throw new SignInFailure(502, "The identity provider did not answer; try again.", false);
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            // An unknown, used or expired code: what a forged or replayed callback looks like.
            LOG.info("identity provider refused a code: {}", error.getCode());
            throw new SignInFailure(400, "The identity provider refused the sign-in (" + error.getCode()
                    + "); sign in again.", true);
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = d.validator().validate(idToken, new Nonce(nonce));
        } catch (Exception e) {
            LOG.info("identity provider: an ID token failed validation: {}", e.getMessage());
            throw new SignInFailure(400, "The identity provider's answer did not check out; sign in again.", true);
        }
        String email = claims.getStringClaim("email");
        Object verified = claims.getClaim("email_verified");
        if (email == null || email.isBlank() || email.length() > 254) {
            throw new SignInFailure(403, "The identity provider did not give an e-mail address for this account.",
                    false);
        }
        if (!(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
            throw new SignInFailure(403, "The identity provider has not verified the address " + email
                    + "; verify it there, then sign in again.", false);
        }
        if (!VisitorAccess.ascii(email)) {
            throw new SignInFailure(403, "The identity provider gave the address " + email + ", which has characters "
                    + "other than ASCII; this server admits only ASCII addresses. Sign in with another account.",
                    false);
        }
        String subject = claims.getSubject().getValue();
        if (subject.length() > MAX_SUBJECT) {
            // OpenID Connect caps it at 255 ASCII characters; a longer one would not fit the session cookie.
            throw new SignInFailure(502, "The identity provider's account id is too long to use.", false);
        }
        return new Identity(VisitorAccess.asciiLower(email), subject);
    }

    /** client_secret_basic unless the provider takes only client_secret_post; none for a public client. */
    private TokenRequest tokenRequest(OIDCProviderMetadata m, AuthorizationCodeGrant grant) {
        ClientID id = new ClientID(settings.clientId());
        if (settings.clientSecret() == null) {
            return new TokenRequest(m.getTokenEndpointURI(), id, grant);
        }
        List<ClientAuthenticationMethod> methods = m.getTokenEndpointAuthMethods();
        boolean postOnly = methods != null && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        Secret secret = new Secret(settings.clientSecret());
        ClientAuthentication auth = postOnly ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
        return new TokenRequest(m.getTokenEndpointURI(), auth, grant);
    }

    /** The provider's metadata and validator, discovered now if not yet (at most once per REDISCOVER_AFTER). */
    private synchronized Discovered discovered() throws SignInFailure {
        if (discovered != null) {
            return discovered;
        }
        long now = System.nanoTime();
        if (lastAttempt != Long.MIN_VALUE && now - lastAttempt < REDISCOVER_AFTER.toNanos()) {
            throw unavailable();
        }
        lastAttempt = now;
        try {
            Issuer issuer = new Issuer(settings.issuer());
            OIDCProviderMetadata m = OIDCProviderMetadata.resolve(issuer, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
            List<JWSAlgorithm> algs = m.getIDTokenJWSAlgs();
            JWSAlgorithm alg = algs == null || algs.isEmpty() || algs.contains(JWSAlgorithm.RS256) ? JWSAlgorithm.RS256
                    : algs.get(0);
            IDTokenValidator validator = new IDTokenValidator(m.getIssuer(), new ClientID(settings.clientId()), alg,
                    m.getJWKSetURI().toURL(), new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS,
                    MAX_JWKS_BYTES));
            discovered = new Discovered(m, validator);
            LOG.info("identity provider {} discovered", settings.issuer());
            return discovered;
        } catch (Exception e) {
            LOG.warn("identity provider {}: discovery failed: {}", settings.issuer(), e.toString());
            throw unavailable();
        }
    }

    /** Discovers now (at start, off the caller's way): the first visitor need not wait for it. */
    void warmUp() {
        try {
            discovered();
        } catch (SignInFailure e) {
            // Said in the log; the next sign-in tries again.
        }
    }

    private static SignInFailure unavailable() {
        return new SignInFailure(503, "The identity provider cannot be reached right now; try again in a moment.",
                false);
    }
}
