// Each redaction rule: credentials, cookie values, secret-named headers and query parameters are hidden where the
// inspector shows an exchange and where the HAR writes it, while the raw exchange, which replay sends, keeps them.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Exchange;
import dev.portway.agent.engine.RequestLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static Exchange exchange(String target, List<Exchange.Header> req, List<Exchange.Header> res) {
        return new Exchange(7, Instant.EPOCH, Exchange.State.DONE, "POST", target, "HTTP/1.1", req,
                new Body("a=1".getBytes(StandardCharsets.UTF_8), 3), 200, "OK", res, Body.EMPTY, 5, null, 0, 0);
    }

    @Test
    void hidesTheCredentialsOfAuthorizationAndProxyAuthorizationButNotTheirScheme() {
        assertEquals("Bearer [redacted]", Redactor.header("Authorization", "Bearer s3cret"));
        assertEquals("Basic [redacted]", Redactor.header("proxy-authorization", "Basic dXNlcjpwYXNz"));
        assertEquals("[redacted]", Redactor.header("AUTHORIZATION", "s3cret"));
    }

    @Test
    void hidesCookieValuesAndKeepsTheirNames() {
        assertEquals("sid=[redacted]; theme=[redacted]", Redactor.header("Cookie", "sid=abc; theme=dark"));
        assertEquals("sid=[redacted]; Path=/; HttpOnly; Max-Age=60",
                Redactor.header("Set-Cookie", "sid=abc; Path=/; HttpOnly; Max-Age=60"));
    }

    @Test
    void hidesQueryParametersNamedLikeSecretsWhateverTheirCase() {
        assertEquals("/cb?access_token=[redacted]&api_key=[redacted]&APIKEY=[redacted]&client_secret=[redacted]"
                        + "&passwd=[redacted]&pwd=[redacted]&Password=[redacted]&page=2&q=token",
                Redactor.target("/cb?access_token=a&api_key=b&APIKEY=c&client_secret=d&passwd=e&pwd=f&Password=g"
                        + "&page=2&q=token"));
        assertEquals("/x?api%5Fkey=[redacted]&flag&x=#frag?token=1",
                Redactor.target("/x?api%5Fkey=k&flag&x=#frag?token=1"), "decoded names; bare names; fragment");
        assertEquals("/plain/token/path", Redactor.target("/plain/token/path"));
        assertEquals("https://app.example/back?state=1&token=[redacted]",
                Redactor.header("Location", "https://app.example/back?state=1&token=t"));
        assertEquals("https://app.example/?key=[redacted]", Redactor.header("Referer", "https://app.example/?key=k"));
    }

    @Test
    void leavesOtherHeadersAsTheyAre() {
        assertEquals("application/json", Redactor.header("Content-Type", "application/json"));
        assertEquals("token=abc", Redactor.header("X-Note", "token=abc"));
        for (String name : List.of("Accept-Encoding", "Content-Encoding", "WWW-Authenticate", "X-Author", "Keep-Alive",
                "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers")) {
            assertEquals("v", Redactor.header(name, "v"), name);
        }
    }

    @Test
    void hidesTheWholeValueOfHeadersNamedLikeSecrets() {
        for (String name : List.of("X-Api-Key", "x-auth-token", "X-Auth", "X-Session-Id", "X-CSRF-Token",
                "X-Client-Secret", "X-Amz-Security-Token", "X-Jwt", "X-Hub-Signature-256", "X-Sig")) {
            assertEquals(Redactor.MARKER, Redactor.header(name, "Bearer s3cret value"), name);
        }
        Exchange shown = exchange("/", List.of(new Exchange.Header("X-Api-Key", "k3y")),
                List.of(new Exchange.Header("X-Auth-Token", "t0ken"))).redacted();
        assertEquals(List.of(new Exchange.Header("X-Api-Key", Redactor.MARKER)), shown.requestHeaders());
        assertEquals(List.of(new Exchange.Header("X-Auth-Token", Redactor.MARKER)), shown.responseHeaders());
        String har = Har.write(List.of(exchange("/", List.of(new Exchange.Header("X-Api-Key", "k3y")), List.of())));
        assertFalse(har.contains("k3y"), har);
    }

    @Test
    void hidesCodesSessionsSignaturesAndJwtsInTheQueryButNotWordsThatContainThem() {
        assertEquals("/cb?code=[redacted]&auth=[redacted]&session=[redacted]&sig=[redacted]&jwt=[redacted]"
                        + "&auth_code=[redacted]&PHPSESSID=[redacted]&id_jwt=[redacted]&state=s",
                Redactor.target("/cb?code=c&auth=a&session=s&sig=g&jwt=j&auth_code=ac&PHPSESSID=p&id_jwt=ij&state=s"));
        assertEquals("/s?zipcode=1&author=bob&design=x&signed=1&oauthx=2",
                Redactor.target("/s?zipcode=1&author=bob&design=x&signed=1&oauthx=2"));
    }

    @Test
    void theRedactedViewHidesEverySecretAndTheRawExchangeKeepsThemForReplay() {
        Exchange raw = exchange("/api?token=abc&id=1",
                List.of(new Exchange.Header("Authorization", "Bearer s3cret"), new Exchange.Header("Cookie", "s=c1"),
                        new Exchange.Header("Accept", "*/*")),
                List.of(new Exchange.Header("Set-Cookie", "s=c2; Path=/")));
        Exchange shown = raw.redacted();
        assertEquals("/api?token=[redacted]&id=1", shown.target());
        assertEquals(List.of(new Exchange.Header("Authorization", "Bearer [redacted]"),
                new Exchange.Header("Cookie", "s=[redacted]"), new Exchange.Header("Accept", "*/*")),
                shown.requestHeaders());
        assertEquals(List.of(new Exchange.Header("Set-Cookie", "s=[redacted]; Path=/")), shown.responseHeaders());
        assertEquals(raw.id(), shown.id());
        assertEquals(raw.requestBody(), shown.requestBody());

        ReplayRequest replay = ReplayRequest.of(raw);
        assertEquals("/api?token=abc&id=1", replay.target());
        assertTrue(replay.headers().contains(new Exchange.Header("Authorization", "Bearer s3cret")));
        assertEquals("Bearer s3cret", raw.requestHeader("authorization").orElseThrow(), "the raw one is untouched");
        assertEquals("/api?token=[redacted]&id=1", RequestLog.of(raw).path(), "the text log line hides it too");
    }

    @Test
    void theHarHidesSecretsUnlessAskedForTheRawValues() {
        Exchange raw = exchange("/api?api_key=k3y",
                List.of(new Exchange.Header("Authorization", "Bearer s3cret"), new Exchange.Header("Host", "h")),
                List.of(new Exchange.Header("Set-Cookie", "sid=c00kie")));
        String redacted = Har.write(List.of(raw));
        for (String secret : List.of("s3cret", "k3y", "c00kie")) {
            assertFalse(redacted.contains(secret), secret + " in " + redacted);
        }
        assertTrue(redacted.contains("http://h/api?api_key=[redacted]"), redacted);
        assertTrue(redacted.contains("\"value\" : \"Bearer [redacted]\""), redacted);
        String shown = Har.write(List.of(raw), false);
        for (String secret : List.of("Bearer s3cret", "api_key=k3y", "sid=c00kie")) {
            assertTrue(shown.contains(secret), secret + " in " + shown);
        }
    }
}
