// Writes the icon files jpackage takes on each platform (PNG on Linux, ICO on Windows, ICNS on macOS) from AppIcon;
// run by the installers build, so no binary icon is kept in the repository.
package dev.portway.desktop.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class IconFiles {
    /** Sizes in portway.ico: the shell picks one per view, from the list's 16 px to the tiles' 256 px. */
    static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 256};
    /** ICNS entries holding PNG data: ic07 128 px, ic08 256, ic09 512, ic10 1024 (512 at 2x). */
    static final String[] ICNS_TYPES = {"ic07", "ic08", "ic09", "ic10"};
    static final int[] ICNS_SIZES = {128, 256, 512, 1024};

    private IconFiles() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: IconFiles OUTPUT_DIRECTORY");
            System.exit(2);
        }
        try {
            write(Path.of(args[0]));
        } catch (IOException | RuntimeException e) {
            System.err.println("IconFiles: cannot write the icons to " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes portway.png (256 px), portway.ico and portway.icns into dir. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("portway.png"), AppIcon.png(256));
        Files.write(dir.resolve("portway.ico"), ico());
        Files.write(dir.resolve("portway.icns"), icns());
    }

    /** An ICO with PNG-compressed images (read by Windows since Vista): a 6-byte header, a 16-byte entry each. */
    static byte[] ico() {
        List<byte[]> images = new ArrayList<>();
        for (int size : ICO_SIZES) {
            images.add(AppIcon.png(size));
        }
        int offset = 6 + 16 * images.size();
        ByteBuffer head = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        head.putShort((short) 0).putShort((short) 1).putShort((short) images.size());
        for (int i = 0; i < images.size(); i++) {
            int size = ICO_SIZES[i];
            // 256 does not fit the byte: the format writes it as 0.
            head.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            head.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            head.putInt(images.get(i).length).putInt(offset);
            offset += images.get(i).length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        images.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** An ICNS: "icns" and the file length, then per image its type, its length (with this 8-byte head) and a PNG. */
    static byte[] icns() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < ICNS_TYPES.length; i++) {
            byte[] png = AppIcon.png(ICNS_SIZES[i]);
            body.writeBytes(ICNS_TYPES[i].getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(ByteBuffer.allocate(4).putInt(8 + png.length).array());
            body.writeBytes(png);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("icns".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(8 + body.size()).array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
