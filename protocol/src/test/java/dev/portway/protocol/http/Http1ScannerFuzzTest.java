// Fuzzing the HTTP/1.1 scanner the edge runs over every visitor's bytes and every origin's answer: whatever
// arrives, it never throws and reports the same events however the bytes are split. `verify` replays the stored
// inputs; JAZZER_FUZZ=1 runs a bounded fuzzing session that looks for new ones.
package dev.portway.protocol.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.portway.protocol.link.FuzzRows;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FuzzRows.class)
class Http1ScannerFuzzTest {

    /**
     * The input: a byte of choices (bit 0: responses instead of requests; bits 1-7: the listener answers NONE to the
     * first seven heads whose bit is set, as to a HEAD request), a byte where the bytes are split in two, then the
     * bytes. A 101 answer or a CONNECT stops the scanner, as the edge's listeners decide.
     */
    @FuzzTest(maxDuration = "30s")
    void http1ScannerTakesAnyBytesInAnyPieces(byte[] input) {
        FuzzRows.ran("http1ScannerTakesAnyBytesInAnyPieces");
        if (input.length < 2) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 2, input.length);
        int split = (input[1] & 0xff) % (bytes.length + 1);
        List<String> whole = scan(input[0], bytes, bytes.length);
        List<String> pieces = scan(input[0], bytes, split);
        if (!whole.equals(pieces)) {
            throw new AssertionError("split at " + split + " the scanner saw " + pieces + ", whole " + whole);
        }
    }

    /** The events of one scan of bytes, handed over in two pieces split at split, then the close. */
    private static List<String> scan(byte choices, byte[] bytes, int split) {
        boolean requests = (choices & 1) == 0;
        int[] heads = {0};
        ScannerEvents events = new ScannerEvents(requests, head -> {
            int k = heads[0]++;
            if (requests ? "CONNECT".equals(head.method()) : head.status() == 101) {
                return Http1Scanner.Body.STOP;
            }
            return k < 7 && (choices >> (k + 1) & 1) == 1 ? Http1Scanner.Body.NONE : Http1Scanner.Body.AS_FRAMED;
        });
        Http1Scanner scanner = requests ? Http1Scanner.requests(events) : Http1Scanner.responses(events);
        scanner.scan(Unpooled.wrappedBuffer(bytes, 0, split));
        scanner.scan(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
        scanner.closed();
        if (events.negative || events.allContent > bytes.length) {
            throw new AssertionError("content of " + events.allContent + " bytes reported of " + bytes.length
                    + (events.negative ? ", some of it negative" : ""));
        }
        return events.seen;
    }
}
