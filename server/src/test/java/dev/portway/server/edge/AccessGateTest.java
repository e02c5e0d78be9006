// The access gate alone, behind a real request decoder: what it lets through and in what order, what it refuses,
// and that it holds the connection's reads (not just its messages) while a password or a sign-in answer is checked.
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.store.SocketRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessGateTest {
    private static final InetSocketAddress VISITOR = new InetSocketAddress("192.0.2.7", 50000);
    private static final String AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8)) + "\r\n";

    private EdgeRig rig = new EdgeRig();
    /** read() calls that passed the gate toward the socket. */
    private final ReadCounter reads = new ReadCounter();
    /** What passed the gate: messages, "complete" for each read-complete, and user events. */
    private final List<Object> seen = new ArrayList<>();

    @AfterEach
    void release() {
        seen.forEach(ReferenceCountUtil::release);
        rig.close();
    }

    private EmbeddedChannel gate(String scheme) {
        EmbeddedChannel ch = reads.onDemand(new EmbeddedChannel());
        ch.pipeline().addLast(new HttpRequestDecoder(), new AccessGate(rig.edge, scheme, VISITOR, "192.0.2.7"),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        seen.add("complete");
                    }

                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        seen.add(evt);
                    }
                });
        return ch;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private List<String> kinds() {
        List<String> kinds = new ArrayList<>();
        for (Object o : seen) {
            kinds.add(o instanceof AdmittedRequest a ? a.head().method() + " " + a.head().uri()
                    : o instanceof Refusal r ? "refusal " + ErrorPages.status(r.page())
                    : o instanceof LastHttpContent last ? "last " + last.content().toString(StandardCharsets.UTF_8)
                    : o instanceof HttpContent part ? "part " + part.content().toString(StandardCharsets.UTF_8)
                    : o instanceof ChannelInputShutdownEvent ? "input ended"
                    : o.toString());
        }
        return kinds;
    }

    @Test
    void anOpenSocketsRequestsPassWithTheirSocketAndTheConnectionStartsReading() {
        rig.open("app.localhost");
        EmbeddedChannel ch = gate("http");
        assertEquals(1, reads.count(), "the front door reads the first request as soon as it is connected");
        ch.writeInbound(ascii("POST /a HTTP/1.1\r\nHost: app.localhost\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /b HTTP/1.1\r\nHost: app.localhost:80\r\n\r\n"));
        assertEquals(List.of("POST /a", "last hi", "GET /b", "last ", "complete"), kinds());
        AdmittedRequest first = (AdmittedRequest) seen.get(0);
        assertEquals("id-app.localhost", first.socket().id());
        assertEquals(null, first.visitor());
        assertEquals(1.0, rig.metrics.registry().get("portway.visitor.connections").tag("edge", "http").counter()
                .count(), "the visitor is counted once");
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusedRequestIsTheLastThingThatPasses() {
        rig.open("app.localhost");
        EmbeddedChannel ch = gate("http");
        ch.writeInbound(ascii("GET /1 HTTP/1.1\r\nHost: app.localhost\r\n\r\n"
                + "GET /2 HTTP/1.1\r\nHost: nobody.localhost\r\n\r\n"
                + "GET /3 HTTP/1.1\r\nHost: app.localhost\r\n\r\n"));
        // Another name on a connection that already serves one: misdirected.
        assertEquals(List.of("GET /1", "last ", "refusal 421", "complete"), kinds());
        ch.finishAndReleaseAll();
    }

    @Test
    void aPasswordCheckHoldsTheReadsAndWhatWasDecodedAlreadyFollowsInOrder() {
        rig.withPassword("app.localhost");
        EmbeddedChannel ch = gate("http");
        ch.writeInbound(ascii("POST /a HTTP/1.1\r\nHost: app.localhost\r\n" + AUTH + "Content-Length: 2\r\n\r\nhi"
                + "GET /b HTTP/1.1\r\nHost: app.localhost\r\n" + AUTH + "\r\n"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ch.read();
        ch.read();
        assertEquals(List.of(), kinds(), "nothing passes while the KDF runs, the end of input neither");
        assertEquals(1, reads.count(), "no read reaches the socket while the KDF runs");
        assertEquals(1, rig.blocking.size());

        rig.runChecks();
        ch.runPendingTasks();
        // The second request's header was verified with the first: no second KDF run, no second hold.
        assertEquals(List.of("POST /a", "last hi", "GET /b", "last ", "input ended", "complete"), kinds());
        AdmittedRequest first = (AdmittedRequest) seen.get(0);
        assertFalse(first.head().headers().contains("Authorization"), "the origin never sees the password");
        ch.read();
        assertEquals(2, reads.count(), "reads pass again");
        ch.finishAndReleaseAll();
    }

    @Test
    void aWrongPasswordIs401AndCountsAsAGuessAndABareRequestDoesNot() {
        rig.withPassword("app.localhost");
        EmbeddedChannel bare = gate("http");
        bare.writeInbound(ascii("GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n"));
        assertEquals(List.of("refusal 401"), kinds().subList(0, 1));
        assertTrue(rig.wrongPasswords.retryAfter("192.0.2.7").isZero(), "a bare request is no guess");
        bare.finishAndReleaseAll();

        seen.forEach(ReferenceCountUtil::release);
        seen.clear();
        EmbeddedChannel wrong = gate("http");
        String badAuth = "Authorization: Basic " + Base64.getEncoder().encodeToString("ann:guess".getBytes()) + "\r\n";
        wrong.writeInbound(ascii("GET / HTTP/1.1\r\nHost: app.localhost\r\n" + badAuth + "\r\n"
                + "GET /more HTTP/1.1\r\nHost: app.localhost\r\n" + AUTH + "\r\n"));
        rig.runChecks();
        wrong.runPendingTasks();
        assertEquals(List.of("refusal 401", "complete"), kinds(), "the request after it is not passed on");
        assertFalse(rig.wrongPasswords.retryAfter("192.0.2.7").isZero(), "a wrong password is a guess");
        wrong.finishAndReleaseAll();
    }

    @Test
    void aSignInAnswerFromTheProviderHoldsTheReadsAndEndsTheConnection() {
        CompletableFuture<SignInAnswer> answer = new CompletableFuture<>();
        rig.close();
        rig = new EdgeRig(new StubSignIn(answer));
        rig.catalog.put(SocketRecord.open("s", "u1", "n", "app.example.com", "http", null, "now")
                .withEmailAccess(List.of("ann@example.com"), List.of()));
        EmbeddedChannel ch = gate("https");
        ch.writeInbound(ascii("GET " + VisitorSignIn.SESSION_PATH + "?code=c HTTP/1.1\r\nHost: app.example.com\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: app.example.com\r\n\r\n"));
        ch.read();
        assertEquals(List.of(), kinds());
        assertEquals(1, reads.count());

        answer.complete(SignInAnswer.redirect("/", "c=1"));
        ch.runPendingTasks();
        assertEquals(List.of("refusal 302", "complete"), kinds(), "the edge's answer, and nothing after it");
        ch.finishAndReleaseAll();
    }

    @Test
    void aCheckThatEndsAfterTheVisitorLeftPassesNothing() {
        rig.withPassword("app.localhost");
        EmbeddedChannel ch = gate("http");
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nHost: app.localhost\r\n" + AUTH + "\r\n"));
        ch.close();
        rig.runChecks();
        ch.runPendingTasks();
        assertTrue(kinds().stream().noneMatch(k -> k.startsWith("GET")), kinds().toString());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anEndOfInputHeldByACheckPassesWhenTheGateIsTakenOut() {
        rig.withPassword("app.localhost");
        EmbeddedChannel ch = gate("http");
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nHost: app.localhost\r\n" + AUTH + "\r\n"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertEquals(List.of(), kinds(), "held while the KDF runs");
        // As the upgrade watch does when a WebSocket's 101 arrives: the relay after the gate must still see the end.
        ch.pipeline().remove(AccessGate.class);
        assertEquals(List.of("input ended"), kinds());
        rig.runChecks();
        ch.runPendingTasks();
        assertEquals(List.of("input ended"), kinds(), "and only once");
        ch.finishAndReleaseAll();
    }

    /** An e-mail socket's sign-in side whose hand-off answer the test completes. */
    private record StubSignIn(CompletableFuture<SignInAnswer> later) implements VisitorSignIn {
        @Override
        public String apex() {
            return "example.com";
        }

        @Override
        public Visitor session(String host, String socketId, String cookieValue) {
            return null;
        }

        @Override
        public String signInUrl(String host, String socketId, String path, String browserKey) {
            return "https://example.com/.portway/oidc/start";
        }

        @Override
        public CompletableFuture<SignInAnswer> answer(SignInRequest request) {
            return later;
        }
    }
}
