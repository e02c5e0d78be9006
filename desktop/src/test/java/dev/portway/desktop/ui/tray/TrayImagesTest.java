// Each system's tray image, checked by its pixels (no real tray: the macOS and Windows ones are asked for by a fake OS
// here): the macOS template is black and clear only and tells the states apart by shape; Windows gets 100% and 200%.
package dev.portway.desktop.ui.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.agent.system.Os;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.MultiResolutionImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrayImagesTest {
    @AfterEach
    void clearTemplateProperty() {
        System.clearProperty(TrayImages.TEMPLATE_PROPERTY);
    }

    @Test
    void macMenuBarGetsBlackAndClearTemplatesAt16And32() {
        for (TrayModel.State state : TrayModel.State.values()) {
            List<BufferedImage> variants = variants(TrayImages.of(Os.MAC, state, 22));
            assertEquals(List.of(16, 32), variants.stream().map(BufferedImage::getWidth).toList());
            for (BufferedImage img : variants) {
                assertEquals(img.getWidth(), img.getHeight());
                int[] argb = pixels(img);
                assertTrue(Arrays.stream(argb).allMatch(p -> (p & 0xffffff) == 0), state + ": only black");
                assertTrue(Arrays.stream(argb).anyMatch(p -> p >>> 24 == 0xff), state + ": something opaque");
                assertTrue(Arrays.stream(argb).anyMatch(p -> p >>> 24 == 0), state + ": something clear");
            }
        }
    }

    @Test
    void macStatesDifferByShape() {
        for (int size : new int[] {16, 32}) {
            int[] online = pixels(TrayImages.template(TrayModel.State.ALL_ONLINE, size));
            int[] retrying = pixels(TrayImages.template(TrayModel.State.SOME_RETRYING, size));
            int[] off = pixels(TrayImages.template(TrayModel.State.OFF, size));
            assertFalse(Arrays.equals(online, retrying));
            assertFalse(Arrays.equals(online, off));
            assertFalse(Arrays.equals(retrying, off));
            // Online is a filled disc: more ink than a ring; the ring that is three quarters drawn has less than a full
            // one (the top-right quarter is open).
            assertTrue(ink(online) > ink(off), "disc over ring at " + size);
            assertTrue(ink(off) > ink(retrying), "ring over three quarters at " + size);
            int q = size / 4;
            assertEquals(0, alpha(retrying, size, size - q, q), "the open quarter at " + size);
            assertTrue(alpha(off, size, size - q, q) > 0, "the ring's top right at " + size);
        }
    }

    @Test
    void macTurnsTemplatesOnBeforeTheTrayIsMadeAndOnlyThere() {
        TrayImages.prepare(Os.LINUX);
        TrayImages.prepare(Os.WINDOWS);
        assertNull(System.getProperty(TrayImages.TEMPLATE_PROPERTY));
        TrayImages.prepare(Os.MAC);
        assertEquals("true", System.getProperty(TrayImages.TEMPLATE_PROPERTY));
    }

    @Test
    void windowsGetsTheColouredMarkAt100And200Percent() {
        int[] colours = new int[TrayModel.State.values().length];
        for (TrayModel.State state : TrayModel.State.values()) {
            List<BufferedImage> variants = variants(TrayImages.of(Os.WINDOWS, state, 16));
            assertEquals(List.of(16, 32), variants.stream().map(BufferedImage::getWidth).toList());
            for (BufferedImage img : variants) {
                // The disc above the arrow, in the state's colour.
                int p = img.getRGB(img.getWidth() / 2, img.getHeight() / 4);
                assertEquals(0xff, p >>> 24);
                assertEquals(TrayImages.colour(state, 16).getRGB(8, 4), p);
            }
            colours[state.ordinal()] = variants.get(0).getRGB(8, 4);
        }
        assertEquals(colours.length, Arrays.stream(colours).distinct().count(), "one colour per state");
    }

    @Test
    void linuxGetsOneImageAtTheTraySizeAsBefore() {
        Image at24 = TrayImages.of(Os.LINUX, TrayModel.State.ALL_ONLINE, 24);
        assertInstanceOf(BufferedImage.class, at24);
        assertEquals(24, at24.getWidth(null));
        assertEquals(16, TrayImages.of(Os.LINUX, TrayModel.State.OFF, 8).getWidth(null), "never under 16");
    }

    private static List<BufferedImage> variants(Image image) {
        return assertInstanceOf(MultiResolutionImage.class, image).getResolutionVariants().stream()
                .map(BufferedImage.class::cast).toList();
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static long ink(int[] argb) {
        return Arrays.stream(argb).mapToLong(p -> p >>> 24).sum();
    }

    private static int alpha(int[] argb, int width, int x, int y) {
        return argb[y * width + x] >>> 24;
    }
}
