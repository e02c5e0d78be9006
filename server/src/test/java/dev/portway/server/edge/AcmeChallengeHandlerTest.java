// The HTTP port's HTTP-01 answers, one handler at a time: a published token's key authorization in plain text, a
// 404 for others (a malformed token is never looked up), a 503 when lookups are saturated, and every other request
// passed on untouched (the handler then leaves the pipeline).
package dev.portway.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.security.FailureLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class AcmeChallengeHandlerTest {
    static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
    final List<String> looked = new ArrayList<>();
    final ChallengeAnswers answers = token -> {
        looked.add(token);
        return CompletableFuture.completedFuture(token.equals(TOKEN) ? Optional.of(TOKEN + ".thumb")
                : Optional.empty());
    };

    private static String answer(EmbeddedChannel ch) {
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    private static HttpRequest get(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void aPublishedTokenIsAnsweredInPlainTextAndTheConnectionCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(answers, roomy()));
        ch.writeInbound(get(AcmeChallengeHandler.PREFIX + TOKEN), LastHttpContent.EMPTY_LAST_CONTENT);
        ch.runPendingTasks();
        String response = answer(ch);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n" + TOKEN + ".thumb"), response);
        assertFalse(ch.isOpen(), "closed after the answer");
        assertNull(ch.readInbound(), "nothing reaches the router");
    }

    @Test
    void otherTokensAre404AndMalformedOnesAreNeverLookedUp() {
        EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(answers, roomy()));
        ch.writeInbound(get(AcmeChallengeHandler.PREFIX + "x".repeat(43)));
        ch.runPendingTasks();
        assertTrue(answer(ch).startsWith("HTTP/1.1 404 Not Found"));
        EmbeddedChannel bad = new EmbeddedChannel(new AcmeChallengeHandler(answers, roomy()));
        bad.writeInbound(get(AcmeChallengeHandler.PREFIX + "../../etc/passwd"));
        assertTrue(answer(bad).startsWith("HTTP/1.1 404 Not Found"));
        assertEquals(List.of("x".repeat(43)), looked);
    }

    private static FailureLimiter roomy() {
        return new FailureLimiter(1000, Duration.ofMinutes(1), Clock.systemUTC());
    }

    @Test
    void anAddressThatAsksForMadeUpTokensWaitsWithoutALookup() {
        FailureLimiter unknown = new FailureLimiter(3, Duration.ofMinutes(1), Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(answers, unknown));
            ch.writeInbound(get(AcmeChallengeHandler.PREFIX + "made-up-token-number-" + i));
            ch.runPendingTasks();
            assertTrue(answer(ch).startsWith("HTTP/1.1 404 Not Found"));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(answers, unknown));
        ch.writeInbound(get(AcmeChallengeHandler.PREFIX + TOKEN));
        ch.runPendingTasks();
        String refused = answer(ch);
        assertTrue(refused.startsWith("HTTP/1.1 429 Too Many Requests"), refused);
        assertTrue(refused.contains("Retry-After: "), refused);
        assertEquals(3, looked.size(), "the fourth is not looked up: " + looked);
    }

    @Test
    void saturatedLookupsAre503() {
        EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(
                token -> CompletableFuture.failedFuture(new RejectedExecutionException()), roomy()));
        ch.writeInbound(get(AcmeChallengeHandler.PREFIX + TOKEN));
        ch.runPendingTasks();
        assertTrue(answer(ch).startsWith("HTTP/1.1 503 Service Unavailable"));
    }

    @Test
    void everyOtherRequestPassesOnAndTheHandlerStepsAside() {
        EmbeddedChannel ch = new EmbeddedChannel(new AcmeChallengeHandler(answers, roomy()));
        HttpRequest visitor = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                AcmeChallengeHandler.PREFIX + TOKEN);
        ch.writeInbound(visitor);
        assertSame(visitor, ch.readInbound());
        assertNull(ch.pipeline().get(AcmeChallengeHandler.class), "later requests go straight to the router");
        HttpRequest later = get(AcmeChallengeHandler.PREFIX + TOKEN);
        ch.writeInbound(later);
        assertSame(later, ch.readInbound());
        assertEquals(List.of(), looked);
        ((DefaultFullHttpRequest) visitor).release();
    }
}
