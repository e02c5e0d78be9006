// The tray icon's image for each state, as each system's tray wants it: a black template for the macOS menu bar (which
// tints it for light and dark bars, so the state shows by shape), the coloured mark at 100% and 200% on Windows, and
// the coloured mark at the tray's size on Linux.
package dev.portway.desktop.ui.tray;

import dev.portway.agent.system.Os;
import dev.portway.desktop.system.AppIcon;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BaseMultiResolutionImage;
import java.awt.image.BufferedImage;

public final class TrayImages {
    /** Read by macOS's tray when it is first used: black-and-clear images are then shown as menu bar templates. */
    static final String TEMPLATE_PROPERTY = "apple.awt.enableTemplateImages";
    /** The menu bar's and the Windows tray's icon size at 100%; the 200% variant is twice that. */
    static final int BASE = 16;

    private TrayImages() {
    }

    /** Sets what the system's tray needs before the first icon is made (macOS: template images). */
    static void prepare(Os os) {
        if (os == Os.MAC) {
            System.setProperty(TEMPLATE_PROPERTY, "true");
        }
    }

    /**
     * state's image for os's tray; traySize: the tray's icon size (SystemTray.getTrayIconSize), used on Linux. macOS
     * turns a multi-resolution image into one NSImage with both sizes; Windows' tray draws it at the screen's scale
     * (since JDK 17.0.5, JDK-8255439), so 200% takes the 32 px variant instead of blowing up the 16.
     */
    static Image of(Os os, TrayModel.State state, int traySize) {
        return switch (os) {
            case MAC -> new BaseMultiResolutionImage(template(state, BASE), template(state, 2 * BASE));
            case WINDOWS -> new BaseMultiResolutionImage(colour(state, BASE), colour(state, 2 * BASE));
            case LINUX -> colour(state, Math.max(BASE, traySize));
        };
    }

    /** The app's mark in the state's colour. */
    static BufferedImage colour(TrayModel.State state, int size) {
        return AppIcon.draw(switch (state) {
            case ALL_ONLINE -> new Color(0x2e, 0xa0, 0x4f);
            case SOME_RETRYING -> new Color(0xe0, 0x9a, 0x1a);
            case OFF -> new Color(0x8a, 0x8f, 0x98);
        }, size);
    }

    /**
     * Black and clear only (a template): all online, a filled disc with the arrow cut out; some retrying, three
     * quarters of a ring around the arrow; off, a full ring around it.
     */
    static BufferedImage template(TrayModel.State state, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.BLACK);
        float ring = Math.max(1.5f, size / 10f);
        float inset = 1 + ring / 2;
        float d = size - 2 * inset;
        // Round caps: the connecting arc's ends look like a spinner's.
        g.setStroke(new BasicStroke(ring, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        switch (state) {
            case ALL_ONLINE -> {
                g.fill(new Ellipse2D.Float(1, 1, size - 2, size - 2));
                // The arrow is cut out of the disc: clear, so the bar shows through.
                g.setComposite(AlphaComposite.Clear);
            }
            case SOME_RETRYING -> g.draw(new Arc2D.Float(inset, inset, d, d, 90, 270, Arc2D.OPEN));
            case OFF -> g.draw(new Ellipse2D.Float(inset, inset, d, d));
        }
        AppIcon.arrow(g, size);
        g.dispose();
        return img;
    }
}
