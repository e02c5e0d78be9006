// curl as the visitor of e-mail sign-in tests: one request (or a chain of redirects with a cookie jar) to the HTTPS
// edge, every name resolved to loopback, the server's own key trusted (pinned: OpenSSL takes no "*.localhost"
// wildcard, so the name check is off and the pin is what is checked, as the browser tests pin it); the final status,
// headers and body.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

final class SignInCurl {
    private final Path dir;
    /** The server's public key's SHA-256, as curl's --pinnedpubkey takes it. */
    private final String pin;
    /** Names resolved to the address (a node's own): NAME:PORT:ADDRESS entries for curl's --resolve. */
    private final List<String> resolve = new ArrayList<>();
    private int runs;

    /** dir: a scratch directory; cert: the server's certificate (PEM), the only one trusted. */
    SignInCurl(Path dir, Path cert) throws Exception {
        this.dir = dir;
        X509Certificate x509;
        try (InputStream in = Files.newInputStream(cert)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        this.pin = "sha256//" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(x509.getPublicKey().getEncoded()));
    }

    SignInCurl resolving(String name, int port, String address) {
        resolve.add(name + ":" + port + ":" + address);
        return this;
    }

    /** The last response of a request: status, its headers (lower-case names), and its body. */
    record Reply(int status, List<String> headers, String body) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).reduce((a, b) -> b).orElse(null);
        }

        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).toList();
        }
    }

    /** curl with these extra arguments (the URL last); fails the test when curl itself fails. */
    Reply get(String... args) throws Exception {
        int n = ++runs;
        Path headers = dir.resolve("headers-" + n);
        Path body = dir.resolve("body-" + n);
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "-k", "--pinnedpubkey", pin,
                "-D", headers.toString(), "-o", body.toString(), "-w", "%{http_code}"));
        for (String r : resolve) {
            cmd.add("--resolve");
            cmd.add(r);
        }
        cmd.addAll(Arrays.asList(args));
        Process curl = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(40, TimeUnit.SECONDS), "curl ended");
        assertEquals(0, curl.exitValue(), "curl " + cmd + ": " + out);
        // With -L the header file holds every response's head in turn: the last one is the answer.
        List<String> lines = Files.readAllLines(headers, StandardCharsets.ISO_8859_1);
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("HTTP/")) {
                last = i;
            }
        }
        return new Reply(Integer.parseInt(out.strip()), lines.subList(last, lines.size()).stream()
                .filter(l -> !l.isBlank()).toList(), Files.readString(body, StandardCharsets.UTF_8));
    }
}
