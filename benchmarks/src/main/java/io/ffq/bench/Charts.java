package io.ffq.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Grouped bar charts as PNG, drawn with Java2D (headless). */
final class Charts {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
  };

  private Charts() {}

  /**
   * One group of bars per category, one bar per series.
   *
   * @param values values[series][category]; NaN for a missing bar
   */
  static void bars(Path out, String title, String unit, List<String> categories, List<String> series,
      double[][] values) throws IOException {
    int width = 960;
    int height = 540;
    int left = 90;
    int right = 20;
    int top = 60;
    int bottom = 90;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, left, 30);

    double max = 0;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    max = max <= 0 ? 1 : niceCeiling(max);
    int plotW = width - left - right;
    int plotH = height - top - bottom;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double v = max * i / 5;
      int y = top + plotH - (int) Math.round(plotH * (v / max));
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String label = format(v);
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString(unit, 10, top - 12);

    int groups = categories.size();
    int groupW = plotW / Math.max(1, groups);
    int barW = Math.max(4, (int) (groupW * 0.8 / Math.max(1, series.size())));
    for (int c = 0; c < groups; c++) {
      int x0 = left + c * groupW + (int) (groupW * 0.1);
      for (int s = 0; s < series.size(); s++) {
        double v = values[s][c];
        if (Double.isNaN(v)) {
          continue;
        }
        int h = (int) Math.round(plotH * (v / max));
        g.setColor(PALETTE[s % PALETTE.length]);
        g.fillRect(x0 + s * barW, top + plotH - h, barW - 2, h);
        g.setColor(Color.BLACK);
        String label = format(v);
        int lw = g.getFontMetrics().stringWidth(label);
        if (lw < barW + 24) {
          g.drawString(label, x0 + s * barW + (barW - 2 - lw) / 2, top + plotH - h - 3);
        }
      }
      g.setColor(Color.BLACK);
      String cat = categories.get(c);
      g.drawString(cat, left + c * groupW + (groupW - g.getFontMetrics().stringWidth(cat)) / 2, top + plotH + 18);
    }
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(left, top + plotH, left + plotW, top + plotH);

    int lx = left;
    int ly = height - 30;
    for (int s = 0; s < series.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      g.fillRect(lx, ly - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s), lx + 16, ly);
      lx += 30 + g.getFontMetrics().stringWidth(series.get(s));
    }
    g.dispose();
    ImageIO.write(img, "png", out.toFile());
  }

  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String format(double v) {
    if (v >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (v >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
