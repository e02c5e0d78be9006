// A body as text for a person: formatted JSON, text as is, or size and hex of the first bytes when it is not text.
// The app's details, the replay diff and the saved sets' comparison show bodies alike.
package dev.portway.agent.engine.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portway.agent.engine.Body;
import dev.portway.agent.engine.Sizes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public final class BodyText {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hex of a binary body: enough to recognise a format, not a dump of 64 KiB. */
    public static final int HEX_BYTES = 512;

    private BodyText() {
    }

    /** The body as the details show it: formatted JSON, text as is, or size and hex of the first bytes. */
    public static String of(Body body, String contentType) {
        if (body.size() == 0) {
            return "(no body)";
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String cut = body.whole() ? "" : "(the first " + Sizes.human(body.captured().length) + " of "
                + Sizes.human(body.size()) + "; the rest was counted, not kept)\n";
        if (body.captured().length == 0) {
            return Sizes.human(body.size()) + " (capture was off: not kept)";
        }
        if (type.startsWith("image/")) {
            return cut + type + ", " + Sizes.human(body.size());
        }
        String text = text(body.captured());
        if (text == null) {
            return cut + Sizes.human(body.size()) + " of binary" + (type.isEmpty() ? "" : " (" + type + ")") + "\n"
                    + hex(body.captured());
        }
        if (type.contains("json") && body.whole()) {
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text));
            } catch (java.io.IOException notJson) {
                return text; // said it was JSON but is not: shown as it came
            }
        }
        return cut + text;
    }

    /** UTF-8 text, or null for bytes that are not (a cut may split a character at the end: that is still text). */
    public static String text(byte[] bytes) {
        for (int trim = 0; trim < 4 && trim < bytes.length; trim++) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - trim)).toString();
                return s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t') ? null : s;
            } catch (CharacterCodingException e) {
                // try without the last bytes
            }
        }
        return null;
    }

    /** "00000000  89 50 4e 47 …  .PNG…" lines of 16 bytes. */
    public static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(bytes.length, HEX_BYTES);
        for (int row = 0; row < n; row += 16) {
            s.append(String.format(Locale.ROOT, "%08x  ", row));
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < n) {
                    int b = bytes[i] & 0xff;
                    s.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    s.append("   ");
                }
            }
            s.append(' ').append(ascii).append('\n');
        }
        if (bytes.length > n) {
            s.append("… ").append(Sizes.human(bytes.length - n)).append(" more\n");
        }
        return s.toString();
    }
}
