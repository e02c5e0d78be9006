// Portway's mark, drawn in code so the tray, the window and the installers' icon files cannot drift apart.
package dev.portway.desktop.system;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

public final class AppIcon {
    /** The app's accent colour (-fx-accent in portway.css): the icon of the window and of the packages. */
    public static final Color BRAND = new Color(0x2f, 0x6f, 0xde);

    private AppIcon() {
    }

    /** A disc in the given colour with a white arrow through it (a port, passed through), size x size pixels. */
    public static BufferedImage draw(Color fill, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int pad = Math.max(1, size / 8);
        g.setColor(fill);
        g.fillOval(pad, pad, size - 2 * pad, size - 2 * pad);
        g.setColor(Color.WHITE);
        arrow(g, size);
        g.dispose();
        return img;
    }

    /** The mark's arrow, centred in a size x size image, in g's colour and composite (the tray's template too). */
    public static void arrow(Graphics2D g, int size) {
        g.setStroke(new BasicStroke(Math.max(1.5f, size / 10f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int c = size / 2;
        int r = size / 5;
        g.drawLine(c - r, c, c + r, c);
        g.drawLine(c + r / 3, c - r / 2 - 1, c + r, c);
        g.drawLine(c + r / 3, c + r / 2 + 1, c + r, c);
    }

    /** The app icon (BRAND) as PNG bytes. */
    public static byte[] png(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(draw(BRAND, size), "png", out);
        } catch (IOException e) {
            // Only a broken ImageIO installation fails to encode into memory.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
