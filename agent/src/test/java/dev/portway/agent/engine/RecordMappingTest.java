// The connect path's JSON binder against the API's own Jackson mapper: every answer the agent reads, as the server
// writes it, reads back into the same record; bodies and printed lines come out as Jackson writes them.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portway.protocol.Json;
import dev.portway.protocol.api.Account;
import dev.portway.protocol.api.ApiError;
import dev.portway.protocol.api.CertificateInfo;
import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.Credentials;
import dev.portway.protocol.api.CustomDomainInfo;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.LoginCode;
import dev.portway.protocol.api.LoginResponse;
import dev.portway.protocol.api.ServerInfo;
import dev.portway.protocol.api.SocketInfo;
import dev.portway.protocol.api.TunnelInfo;
import dev.portway.protocol.api.UpdateSocket;
import dev.portway.protocol.json.JsonReader;
import dev.portway.protocol.json.JsonWriter;
import dev.portway.protocol.json.RecordMapping;
import dev.portway.protocol.link.GoAwayReason;
import dev.portway.protocol.link.Hello;
import dev.portway.protocol.link.HelloReply;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordMappingTest {
    private static final ObjectMapper JACKSON = Json.mapper();

    private static final TunnelInfo TUNNEL = new TunnelInfo("t1", "s1", "online", "2026-12-07T12:00:00Z", 12L << 33,
            7, 3, "2026-12-01T00:00:00Z", "cred-\u00e9\"\\", "laptop", "203.0.113.7:51234", "127.0.0.1:5173");
    private static final CertificateInfo CERT = new CertificateInfo("Let's Encrypt", List.of("a.example", "*.b"),
            "2026-01-01", "2027-01-01", null);
    private static final SocketInfo SOCKET = new SocketInfo("s1", "my app\n\t", "abc.example.com", "http",
            "https://abc.example.com/", null, null, true, "me", List.of("10.0.0.0/8"), "2026-12-01T00:00:00Z",
            List.of(TUNNEL, TUNNEL.withCredential(null)),
            List.of(new CustomDomainInfo("app.example.org", "pending", "_portway.app", "v=1", CERT)), CERT,
            List.of("a@example.com"), List.of());

    private static <T> T viaOurs(Object value, java.lang.reflect.Type type) throws Exception {
        return RecordMapping.read(JsonReader.parse(JACKSON.writeValueAsString(value)), type);
    }

    @Test
    void everyAnswerTheAgentReadsComesBackAsTheServerWroteIt() throws Exception {
        List<Record> answers = List.of(TUNNEL, SOCKET, CERT,
                new ServerInfo("0.1.0", 3, "example.com", 7443, "ab:cd", 80, 443, true, List.of("n1:7443"), null),
                new ServerInfo("0.1.0", 3, "example.com", 7443, null, 80, 443, false),
                new Account("u1", "a@example.com", "2026-12-01", true, 5, null),
                new LoginResponse("tok", "u1", "a@example.com"), new LoginCode("c", "/admin/login?c", 60),
                ApiError.of(ErrorCode.values()[0], "no \u2603 here"),
                new Settings("https://x.example:7070", "tok", "a@example.com",
                        List.of(new Settings.SavedTunnel("s1", "t1", "localhost", 8080, true, "rewrite")), true,
                        Settings.DARK, List.of("s9")));
        for (Record answer : answers) {
            assertEquals(answer, viaOurs(answer, answer.getClass()), answer.getClass().getSimpleName());
        }
        assertEquals(List.of(SOCKET, SOCKET), viaOurs(List.of(SOCKET, SOCKET), RecordMapping.listOf(SocketInfo.class)));
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesLeftEmpty() {
        TunnelInfo t = RecordMapping.read(JsonReader.parse(
                "{\"tunnel_id\":\"t\",\"added_later\":{\"x\":[1,2.5e3,null,false]},\"bytes_in\":-4,"
                        + "\"bytes_out\":0,\"open_connections\":0}"),
                TunnelInfo.class);
        assertEquals(new TunnelInfo("t", null, null, null, -4, 0, 0, null, null, null, null, null), t);
        assertEquals(List.of(), RecordMapping.<SocketInfo>read(JsonReader.parse("{\"protected\":false}"),
                SocketInfo.class).tunnels());
    }

    @Test
    void whatIsNotJsonOrNotTheRecordIsRefused() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]x", "\"\\q\"", "nul", "{} {}", "<html>")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> RecordMapping.read(JsonReader.parse("{\"tunnel_port\":\"x\"}"), ServerInfo.class));
        assertThrows(IllegalArgumentException.class,
                () -> RecordMapping.read(JsonReader.parse("[]"), TunnelInfo.class));
    }

    /** Component names as Jackson writes them (snake_case, @JsonProperty), for every record the agent binds. */
    @Test
    void namesAreJacksonsForEveryRecordBound() throws Exception {
        for (Class<?> type : List.of(TunnelInfo.class, SocketInfo.class, CertificateInfo.class, CustomDomainInfo.class,
                ServerInfo.class, Account.class, LoginResponse.class, LoginCode.class, ApiError.class,
                ApiError.Detail.class, CreateSocket.class, UpdateSocket.class, Credentials.class, Settings.class,
                Settings.SavedTunnel.class, Exchange.Header.class, Hello.class, HelloReply.class, GoAwayReason.class)) {
            for (RecordComponent c : type.getRecordComponents()) {
                JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
                JsonProperty onField = type.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
                JsonProperty p = named != null ? named : onField;
                String expected = p != null && !p.value().isEmpty() ? p.value()
                        : JACKSON.getSerializationConfig().getPropertyNamingStrategy()
                        .nameForField(null, null, c.getName());
                assertEquals(expected, RecordMapping.jsonName(c.getName()), type.getSimpleName() + "." + c.getName());
            }
        }
    }

    @Test
    void requestBodiesAreWhatJacksonWouldSend() throws Exception {
        for (Record body : List.of(new CreateSocket("n", "tcp", true, "u", "p\"w", List.of("1.2.3.4/32"), "sub"),
                new CreateSocket("quick", "http"), new UpdateSocket("n", false, null, null, List.of()),
                new Credentials("a@example.com", "pw"))) {
            assertEquals(JACKSON.readTree(JACKSON.writeValueAsString(body)), JACKSON.readTree(JsonWriter.compact(body)),
                    body.toString());
        }
    }

    /** The connect's JSON lines keep the layout Jackson's pretty printer gave them (then joined on one line). */
    @Test
    void prettyTextIsJacksonsToTheCharacter() throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "request");
        line.put("tunnel", "web");
        line.put("status", 200);
        line.put("duration_ms", 12L);
        line.put("ratio", 0.25);
        line.put("ok", true);
        line.put("failure", null);
        line.put("request_headers", List.of(new Exchange.Header("Host", "a\u0001b"), new Exchange.Header("X", "")));
        line.put("empty", List.of());
        line.put("nested", Map.of("code", "x"));
        line.put("none", Map.of());
        line.put("names", Arrays.asList("a", null, "c"));
        assertEquals(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(line), JsonWriter.pretty(line));
        assertEquals(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(SOCKET), JsonWriter.pretty(SOCKET));
    }

    @Test
    void nestingTooDeepIsRefusedNotAStackOverflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonReader.parse("[".repeat(15000)));
        assertTrue(e.getMessage().contains("nesting too deep"), e.getMessage());
        assertEquals(List.of(List.of(List.of())), JsonReader.parse("[[[]]]"));
    }

    @Test
    void nonFiniteNumbersAreWrittenQuotedAsJacksonWritesThem() throws Exception {
        List<Object> values = List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1.5);
        assertEquals(JACKSON.writeValueAsString(values), JsonWriter.compact(values));
        assertEquals("[\"NaN\",\"Infinity\",\"-Infinity\",1.5]", JsonWriter.compact(values));
    }

    @Test
    void aNullPrimitiveIsRefusedAsJacksonRefusesIt() {
        String nulled = "{\"tunnel_id\":\"t\",\"bytes_in\":null}";
        assertThrows(Exception.class, () -> JACKSON.readValue(nulled, TunnelInfo.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordMapping.read(JsonReader.parse(nulled), TunnelInfo.class));
        assertTrue(e.getMessage().contains("bytes_in"), e.getMessage());
    }

    @Test
    void aMissingPrimitiveIsRefusedAsJacksonRefusesIt() {
        String missing = "{\"tunnel_id\":\"t\",\"bytes_in\":1,\"bytes_out\":2}";
        assertThrows(Exception.class, () -> JACKSON.readValue(missing, TunnelInfo.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordMapping.read(JsonReader.parse(missing), TunnelInfo.class));
        assertTrue(e.getMessage().contains("open_connections"), e.getMessage());
    }
}
