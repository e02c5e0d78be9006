// Pins every wire id, error code, stream header name and version so the protocol cannot drift silently.
package dev.portway.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portway.protocol.Json;
import dev.portway.protocol.Version;
import dev.portway.protocol.api.AdminSocket;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.SocketInfo;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WireContractTest {
    @Test
    void messageTypeIdsAreStable() {
        Map<String, Integer> ids = Arrays.stream(MessageType.values())
                .collect(Collectors.toMap(Enum::name, MessageType::id));
        assertEquals(Map.of("HELLO", 1, "HELLO_REPLY", 2), ids);
    }

    @Test
    void linkProtocolVersionIsPinned() {
        assertEquals(1, Version.LINK_PROTOCOL);
    }

    @Test
    void socketFieldsAreStable() {
        SocketInfo s = new SocketInfo("id", "name", "a-b-1.localhost", "tcp", "tcp://a-b-1.localhost:20000", 20000,
                "a-b-1.localhost:20000", false, null, List.of("10.0.0.0/8"), "2026-01-01T00:00:00Z", List.of(),
                List.of(new CustomDomainInfo("app.example.org", CustomDomainInfo.PENDING, "_portway.app.example.org",
                        "v", null)), new CertificateInfo("CN=R11", List.of("a-b-1.localhost"), "2026-01-01T00:00:00Z",
                        "2026-04-01T00:00:00Z", null));
        JsonNode json = Json.mapper().valueToTree(s);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("socket_id", "name", "dns_name", "socket_type", "url", "tcp_port", "address",
                "protected", "allow_ips", "created_at", "tunnels", "custom_domains", "certificate", "allowed_emails",
                "allowed_email_domains"), names);
        SocketInfo udp = new SocketInfo("id", "name", "a-b-1.localhost", "udp", "udp://a-b-1.localhost:20000", null,
                "a-b-1.localhost:20000", false, null, List.of(), "2026-01-01T00:00:00Z", List.of(), List.of(), null,
                List.of(), List.of(), 20000);
        List<String> udpNames = new ArrayList<>();
        Json.mapper().valueToTree(udp).fieldNames().forEachRemaining(udpNames::add);
        assertEquals(List.of("socket_id", "name", "dns_name", "socket_type", "url", "udp_port", "address"),
                udpNames.subList(0, 7), "udp_port where tcp_port is for the other raw types");
        List<String> domain = new ArrayList<>();
        json.get("custom_domains").get(0).fieldNames().forEachRemaining(domain::add);
        assertEquals(List.of("name", "status", "txt_name", "txt_value"), domain);
        List<String> certificate = new ArrayList<>();
        json.get("certificate").fieldNames().forEachRemaining(certificate::add);
        assertEquals(List.of("issuer", "names", "not_before", "not_after"), certificate);
    }

    @Test
    void adminSocketFieldsAreStable() {
        AdminSocket udp = new AdminSocket("id", "u1", "ann@example.com", "name", "a-b-1.localhost", "udp",
                "udp://a-b-1.localhost:20000", null, 20000, false, "2026-01-01T00:00:00Z", List.of(), List.of(),
                List.of());
        List<String> names = new ArrayList<>();
        Json.mapper().valueToTree(udp).fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("socket_id", "owner_id", "owner_email", "name", "dns_name", "socket_type", "url",
                "udp_port", "protected", "created_at", "tunnels", "allowed_emails", "allowed_email_domains"), names,
                "udp_port where tcp_port is for tcp and tls sockets");
        AdminSocket tcp = new AdminSocket("id", "u1", "ann@example.com", "name", "a-b-1.localhost", "tcp",
                "tcp://a-b-1.localhost:20000", 20000, null, false, "2026-01-01T00:00:00Z", List.of(), List.of(),
                List.of());
        List<String> tcpNames = new ArrayList<>();
        Json.mapper().valueToTree(tcp).fieldNames().forEachRemaining(tcpNames::add);
        assertEquals(List.of("socket_id", "owner_id", "owner_email", "name", "dns_name", "socket_type", "url",
                "tcp_port", "protected"), tcpNames.subList(0, 9));
    }

    @Test
    void serverFieldsAreStable() {
        ServerInfo info = new ServerInfo("1.0", 1, "localhost", 7000, "ab:cd", 80, 443, true)
                .withTunnelNodes(List.of("a:7000")).withOidcIssuer("https://id.example.org");
        List<String> names = new ArrayList<>();
        Json.mapper().valueToTree(info).fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("version", "link_protocol", "domain", "tunnel_port", "tunnel_fingerprint", "http_port",
                "https_port", "signup", "tunnel_nodes", "oidc_issuer"), names);
    }

    @Test
    void errorCodesAreStable() {
        Map<String, String> wire = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(Enum::name, c -> c.wire() + "/" + c.status()));
        assertEquals(Map.ofEntries(
                Map.entry("BAD_REQUEST", "bad_request/400"),
                Map.entry("UNKNOWN_FIELD", "unknown_field/400"),
                Map.entry("MISSING_FIELD", "missing_field/400"),
                Map.entry("INVALID_EMAIL", "invalid_email/400"),
                Map.entry("WEAK_PASSWORD", "weak_password/400"),
                Map.entry("INVALID_NAME", "invalid_name/400"),
                Map.entry("INVALID_SOCKET_TYPE", "invalid_socket_type/400"),
                Map.entry("INVALID_PROTECTION", "invalid_protection/400"),
                Map.entry("INVALID_ALLOW_IP", "invalid_allow_ip/400"),
                Map.entry("INVALID_SUBDOMAIN", "invalid_subdomain/400"),
                Map.entry("INVALID_DOMAIN", "invalid_domain/400"),
                Map.entry("OIDC_NOT_CONFIGURED", "oidc_not_configured/400"),
                Map.entry("NAME_TAKEN", "name_taken/409"),
                Map.entry("UNAUTHORIZED", "unauthorized/401"),
                Map.entry("INVALID_CREDENTIALS", "invalid_credentials/401"),
                Map.entry("SIGNUP_DISABLED", "signup_disabled/403"),
                Map.entry("ACCOUNT_DISABLED", "account_disabled/403"),
                Map.entry("FORBIDDEN", "forbidden/403"),
                Map.entry("TLS_REQUIRED", "tls_required/403"),
                Map.entry("REPLACED", "replaced/409"),
                Map.entry("KICKED", "kicked/409"),
                Map.entry("LIMIT_REACHED", "limit_reached/403"),
                Map.entry("QUOTA_EXCEEDED", "quota_exceeded/403"),
                Map.entry("NOT_FOUND", "not_found/404"),
                Map.entry("METHOD_NOT_ALLOWED", "method_not_allowed/405"),
                Map.entry("EMAIL_TAKEN", "email_taken/409"),
                Map.entry("LAST_ADMIN", "last_admin/409"),
                Map.entry("NO_PORT_AVAILABLE", "no_port_available/409"),
                Map.entry("PAYLOAD_TOO_LARGE", "payload_too_large/413"),
                Map.entry("URI_TOO_LONG", "uri_too_long/414"),
                Map.entry("TOO_MANY_ATTEMPTS", "too_many_attempts/429"),
                Map.entry("TOO_MANY_STREAMS", "too_many_streams/429"),
                Map.entry("HEADERS_TOO_LARGE", "headers_too_large/431"),
                Map.entry("UNSUPPORTED_VERSION", "unsupported_version/426"),
                Map.entry("INTERNAL", "internal/500"),
                Map.entry("STORE_UNAVAILABLE", "store_unavailable/503")), wire);
        assertEquals(ErrorCode.NOT_FOUND, ErrorCode.fromWire("not_found").orElseThrow());
    }

    @Test
    void streamHeaderNamesAreStable() {
        assertEquals(Map.of(":method", "POST", ":scheme", "https", ":path", "/", ":authority", "portway",
                "portway-kind", "http", "portway-socket", "sock-1", "portway-visitor", "203.0.113.7:5123",
                "portway-scheme", "https"),
                onTheWire(new StreamMeta(StreamMeta.KIND_HTTP, "sock-1", "203.0.113.7:5123", "https").toHeaders()));
        assertEquals(List.of("http", "tcp"), List.of(StreamMeta.KIND_HTTP, StreamMeta.KIND_TCP));
        assertEquals(Map.of(":status", "502", "portway-error", "connection refused"),
                onTheWire(StreamReply.failed("connection refused").toHeaders()));
        assertEquals(Map.of(":status", "200"), onTheWire(StreamReply.connectedReply().toHeaders()));
    }

    private static Map<String, String> onTheWire(Http2Headers headers) {
        Map<String, String> names = new HashMap<>();
        headers.forEach(e -> names.put(e.getKey().toString(), e.getValue().toString()));
        return names;
    }
}
