package io.ffq.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the driver and the engine it embeds, from the build. */
final class FfqVersion {
  static final String DRIVER;

  static {
    Properties p = new Properties();
    try (InputStream in = FfqVersion.class.getResourceAsStream("ffq-jdbc.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // defaults below
    }
    DRIVER = p.getProperty("driver.version", "0.0.0");
  }

  private FfqVersion() {}

  static int[] majorMinor(String v) {
    String[] parts = v.split("[.-]");
    int major = parse(parts, 0);
    int minor = parse(parts, 1);
    return new int[] {major, minor};
  }

  private static int parse(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
