// The icon files the installers are built with: real PNG, ICO and ICNS that decode to the drawn mark at each size.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.system.JavaExecutable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IconFilesTest {
    @TempDir
    Path dir;

    private static BufferedImage decode(byte[] data, int from, int length) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(data, from, length));
        assertTrue(img != null, "a PNG at offset " + from);
        return img;
    }

    @Test
    void thePngIsTheBrandDiscWithAWhiteArrowOnATransparentGround() throws Exception {
        IconFiles.write(dir);
        BufferedImage png = ImageIO.read(dir.resolve("portway.png").toFile());
        assertEquals(256, png.getWidth());
        assertEquals(256, png.getHeight());
        assertEquals(0, png.getRGB(2, 2) >>> 24, "corner transparent");
        assertEquals(AppIcon.BRAND.getRGB(), png.getRGB(128, 60), "disc above the arrow");
        assertEquals(0xffffffff, png.getRGB(128, 128), "arrow through the centre");
    }

    @Test
    void theIcoListsEachSizeAndPointsAtItsPng() throws Exception {
        IconFiles.write(dir);
        byte[] ico = Files.readAllBytes(dir.resolve("portway.ico"));
        ByteBuffer b = ByteBuffer.wrap(ico).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getShort(0));
        assertEquals(1, b.getShort(2), "type 1: icon");
        assertEquals(IconFiles.ICO_SIZES.length, b.getShort(4));
        int end = 6 + 16 * IconFiles.ICO_SIZES.length;
        for (int i = 0; i < IconFiles.ICO_SIZES.length; i++) {
            int entry = 6 + 16 * i;
            int size = IconFiles.ICO_SIZES[i];
            assertEquals(size % 256, Byte.toUnsignedInt(b.get(entry)), "width");
            assertEquals(size % 256, Byte.toUnsignedInt(b.get(entry + 1)), "height");
            assertEquals(32, b.getShort(entry + 6), "bits per pixel");
            int length = b.getInt(entry + 8);
            int offset = b.getInt(entry + 12);
            assertEquals(end, offset, "images follow each other");
            BufferedImage img = decode(ico, offset, length);
            assertEquals(size, img.getWidth());
            end = offset + length;
        }
        assertEquals(ico.length, end, "nothing after the last image");
    }

    @Test
    void theIcnsHoldsEachTypeWithItsLength() throws Exception {
        IconFiles.write(dir);
        byte[] icns = Files.readAllBytes(dir.resolve("portway.icns"));
        ByteBuffer b = ByteBuffer.wrap(icns);
        assertEquals("icns", new String(icns, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(icns.length, b.getInt(4), "the header's length is the file's");
        int at = 8;
        for (int i = 0; i < IconFiles.ICNS_TYPES.length; i++) {
            assertEquals(IconFiles.ICNS_TYPES[i], new String(icns, at, 4, StandardCharsets.US_ASCII));
            int length = b.getInt(at + 4);
            BufferedImage img = decode(icns, at + 8, length - 8);
            assertEquals(IconFiles.ICNS_SIZES[i], img.getWidth());
            at += length;
        }
        assertEquals(icns.length, at);
    }

    private record Run(int code, String err) {
    }

    private static Run iconFiles(String... args) throws Exception {
        String classes = Path.of(IconFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                JavaExecutable.current().toString(), "-Djava.awt.headless=true",
                "-cp", classes, IconFiles.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), err);
    }

    @Test
    void theBuildStepWritesTheFilesOrSaysInOneLineWhyNot() throws Exception {
        Run ok = iconFiles(dir.resolve("icons").toString());
        assertEquals(0, ok.code(), ok.err());
        for (String name : List.of("portway.png", "portway.ico", "portway.icns")) {
            assertTrue(Files.size(dir.resolve("icons").resolve(name)) > 0, name);
        }

        Run usage = iconFiles();
        assertEquals(2, usage.code());
        // Read as lines: println ends them with \r\n on Windows.
        assertEquals(List.of("usage: IconFiles OUTPUT_DIRECTORY"), usage.err().lines().toList());

        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run bad = iconFiles(file.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("IconFiles: cannot write the icons to " + file + ": "), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertFalse(bad.err().lines().anyMatch(line -> line.startsWith("\tat ")), bad.err());
    }
}
