// Text contrast as WCAG measures it: the relative luminance of two colours, and what a cell's layered background
// fills add up to under its text.
package dev.portway.desktop.ui;

import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

public final class Contrast {
    private Contrast() {
    }

    /** 1 (none) to 21 (black on white); 4.5 is what WCAG AA asks of body text. */
    public static double ratio(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The cell's fills painted in order over the last opaque fill of what is behind it (translucent tints too). */
    public static Color background(Region cell, Region behind) {
        Color base = Color.WHITE;
        if (behind.getBackground() != null) {
            for (BackgroundFill f : behind.getBackground().getFills()) {
                if (f.getFill() instanceof Color c && c.getOpacity() == 1) {
                    base = c;
                }
            }
        }
        if (cell.getBackground() != null) {
            for (BackgroundFill f : cell.getBackground().getFills()) {
                if (f.getFill() instanceof Color c) {
                    base = over(c, base);
                }
            }
        }
        return base;
    }

    private static Color over(Color top, Color below) {
        double a = top.getOpacity();
        return Color.color(top.getRed() * a + below.getRed() * (1 - a), top.getGreen() * a + below.getGreen() * (1 - a),
                top.getBlue() * a + below.getBlue() * (1 - a));
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
