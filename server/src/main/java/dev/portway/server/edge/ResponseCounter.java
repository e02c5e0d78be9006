// Counts the origin's answers on one visitor connection by status class, following HTTP/1.1 framing over the bytes
// the relay passes on (Http1Scanner: no copy, no allocation). What it cannot follow (a body until close, a 101 or
// CONNECT that turns the connection raw, a line that is not HTTP) ends its counting for the connection; the bytes
// themselves are never touched. Following them, it also knows when every request sent has its complete answer.
package dev.portway.server.edge;

import dev.portway.protocol.http.Http1Scanner;
import dev.portway.server.metrics.ServerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

final class ResponseCounter implements Http1Scanner.Listener {
    private final ServerMetrics metrics;
    private final String edge;
    private final Http1Scanner answers = Http1Scanner.responses(this);
    /** The requests sent and not yet answered, oldest first. */
    private final Queue<Asked> asked = new ArrayDeque<>();
    /**
     * Final answers still owed. A plain int, like the queue above: the visitor is moved onto its stream's loop
     * before the stream opens (VisitorStreams), so requests and answers are counted on one thread.
     */
    private int owed;
    /** The message being read is a 100 Continue or the like, which answers nothing yet. */
    private boolean interim;
    /** Whether the origin switched protocols in answer to the upgrade request (null: not answered yet). */
    private Boolean upgraded;
    private Consumer<Boolean> upgradeVerdict;

    private record Asked(HttpMethod method, boolean upgrade) {
    }

    ResponseCounter(ServerMetrics metrics, String edge) {
        this.metrics = metrics;
        this.edge = edge;
    }

    /** A request went to the origin; its answer is expected after those of the requests before it. */
    void asked(HttpMethod method) {
        asked(method, false);
    }

    /** upgrade: the request asks to switch protocols (a WebSocket); only its own answer can switch them. */
    void asked(HttpMethod method, boolean upgrade) {
        if (upgrade) {
            upgraded = null;
        }
        if (answers.following()) {
            asked.add(new Asked(method, upgrade));
            owed++;
        }
    }

    /**
     * The verdict on the last upgrade request asked: true only when its own answer (by order, after the answers to
     * the requests before it) is a 101. Answers that cannot be followed to it decide false.
     */
    void expectUpgrade(Consumer<Boolean> verdict) {
        upgradeVerdict = verdict;
        decideUpgrade();
    }

    private void decideUpgrade() {
        if (upgradeVerdict == null || upgraded == null && answers.following()) {
            return;
        }
        Consumer<Boolean> verdict = upgradeVerdict;
        upgradeVerdict = null;
        verdict.accept(upgraded != null && upgraded);
    }

    /** Every request sent has its complete answer; false once the answers cannot be followed (a body until close). */
    boolean allAnswered() {
        return answers.following() && owed <= 0;
    }

    /** The edge answered the oldest request itself (the agent could not reach the origin). */
    void answeredByEdge(int code) {
        asked.poll();
        metrics.edgeAnswered(edge, code);
        answers.stop();
        decideUpgrade();
    }

    /** The bytes of the origin's answer as they pass on to the visitor (not consumed). */
    void scan(ByteBuf buf) {
        answers.scan(buf);
        decideUpgrade();
    }

    @Override
    public Http1Scanner.Body head(Http1Scanner head) {
        int code = head.status();
        interim = code >= 100 && code < 200 && code != 101;
        if (interim) {
            return Http1Scanner.Body.NONE; // 100 Continue and the like: the real answer follows
        }
        Asked request = asked.poll();
        HttpMethod method = request == null ? null : request.method();
        metrics.originAnswered(edge, code);
        if (request != null && request.upgrade()) {
            upgraded = code == 101;
        }
        if (code == 101 || HttpMethod.CONNECT.equals(method) && code / 100 == 2) {
            return Http1Scanner.Body.STOP; // raw bytes from now on
        }
        return HttpMethod.HEAD.equals(method) ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
    }

    @Override
    public void end() {
        if (!interim) {
            owed--;
        }
    }
}
