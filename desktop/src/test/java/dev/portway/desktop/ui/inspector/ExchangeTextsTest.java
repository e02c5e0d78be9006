// How the details show a body: JSON formatted, text as is, binary as size and hex, a cut body says so, an image by
// its type (the view previews it), capture off by its size alone.
package dev.portway.desktop.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.inspect.BodyText;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExchangeTextsTest {
    static Body whole(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return new Body(b, b.length);
    }

    @Test
    void jsonIsFormattedAndTextShownAsItIs() {
        assertEquals("{\n  \"a\" : 1\n}", ExchangeTexts.body(whole("{\"a\":1}"), "application/json; charset=utf-8"));
        assertEquals("{\"a\":1}", ExchangeTexts.body(whole("{\"a\":1}"), "text/plain"));
        assertEquals("{not json", ExchangeTexts.body(whole("{not json"), "application/json"));
        assertEquals("(no body)", ExchangeTexts.body(Body.EMPTY, null));
    }

    @Test
    void binaryIsItsSizeAndHexOfTheFirstBytes() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
        String shown = ExchangeTexts.body(new Body(png, png.length), "application/octet-stream");
        assertTrue(shown.startsWith("12 B of binary (application/octet-stream)\n"), shown);
        assertTrue(shown.contains("00000000  89 50 4e 47 0d 0a 1a 0a 00 00 00 0d "), shown);
        assertTrue(shown.endsWith(".PNG........\n"), shown);
        byte[] big = new byte[BodyText.HEX_BYTES + 100];
        assertTrue(BodyText.hex(big).endsWith("… 100 B more\n"), "the hex stops at the first bytes");
    }

    @Test
    void aCutBodySaysSoAndCaptureOffKeepsOnlyTheSize() {
        Body cut = new Body("abc".getBytes(StandardCharsets.UTF_8), 200_000);
        assertTrue(ExchangeTexts.body(cut, "text/plain").startsWith("(the first 3 B of 200.0 kB;"),
                ExchangeTexts.body(cut, "text/plain"));
        assertEquals("1.0 kB (capture was off: not kept)", ExchangeTexts.body(new Body(new byte[0], 1024), null));
        assertEquals("image/png, 10 B", ExchangeTexts.body(new Body(new byte[10], 10), "image/png"));
    }
}
