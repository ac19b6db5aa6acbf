package io.ffq.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A parsed {@code jdbc:ffq:} URL plus connection Properties.
 *
 * <ul>
 *   <li>{@code jdbc:ffq:} a private in-memory engine;
 *   <li>{@code jdbc:ffq:mem:NAME} an in-memory engine shared by every connection to NAME in the JVM;
 *   <li>{@code jdbc:ffq:/path/catalog.json} (or {@code .toml}) an engine with that catalog,
 *       shared by every connection to the same file and settings;
 *   <li>{@code jdbc:ffq://host:port} a distributed engine: queries run on the Apache DataFusion
 *       Ballista cluster whose scheduler listens there (also {@code coordinator_endpoint=host:port}
 *       in any URL or Properties).
 * </ul>
 * Config keys follow as {@code ?k=v&k=v} or {@code ;k=v;k=v}.
 */
public final class FfqUrl {
  public static final String PREFIX = "jdbc:ffq:";

  /** {@code host:port} or {@code [v6]:port} of a scheduler. */
  private static final Pattern ENDPOINT =
      Pattern.compile("([^/\\s:\\[\\]@?;]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}");

  /** Keys whose values are secrets: never shown in a message, toString or getURL(). */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential|api[_-]?key|access[_-]?key).*");

  static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /**
   * {@code url} with the value of every secret-looking key replaced by {@code ***}, for
   * getURL() and anything else that shows a URL. A URL that does not parse as pairs keeps
   * only its part before the parameters.
   */
  public static String redact(String url) {
    if (url == null || !accepts(url)) {
      return url;
    }
    String rest = url.substring(PREFIX.length());
    int cut = indexOfAny(rest, '?', ';');
    if (cut < 0) {
      return url;
    }
    StringBuilder sb = new StringBuilder(PREFIX).append(rest, 0, cut + 1);
    String[] pairs = rest.substring(cut + 1).split("(?<=[&;])");
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String sep = pair.endsWith("&") || pair.endsWith(";") ? pair.substring(pair.length() - 1) : "";
      if (eq <= 0) {
        sb.append(pair.isEmpty() || sep.equals(pair) ? pair : "***" + sep);
      } else if (isSecret(pair.substring(0, eq).trim())) {
        sb.append(pair, 0, eq + 1).append("***").append(sep);
      } else {
        sb.append(pair);
      }
    }
    return sb.toString();
  }

  public enum Kind { PRIVATE, MEMORY, CATALOG }

  private final Kind kind;
  private final String name;
  private final Map<String, String> config;

  private FfqUrl(Kind kind, String name, Map<String, String> config) {
    this.kind = kind;
    this.name = name;
    this.config = Collections.unmodifiableMap(config);
  }

  public Kind kind() {
    return kind;
  }

  /** The memory engine's name or the catalog's absolute path; null for a private engine. */
  public String name() {
    return name;
  }

  /** Engine config keys and values (normalised, lower-case keys, sorted). */
  public Map<String, String> config() {
    return config;
  }

  /** The key under which the engine is shared, or null for a private one. */
  public String sharedKey() {
    return kind == Kind.MEMORY ? "mem:" + name : kind == Kind.CATALOG ? "catalog:" + name : null;
  }

  /** The config as the JSON object the engine reads. */
  public String configJson() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, String> e : config.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      json(sb, e.getKey()).append(':');
      json(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  private static StringBuilder json(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"');
  }

  public static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** Parses and validates; every failure names what is wrong (SQLState 08001). */
  public static FfqUrl parse(String url, Properties info) throws SQLException {
    if (url == null) {
      throw error("the URL is null");
    }
    if (!accepts(url)) {
      throw error("not an ffq URL: '" + url + "' (expected " + PREFIX + "...)");
    }
    String rest = url.substring(PREFIX.length());
    int cut = indexOfAny(rest, '?', ';');
    String location = cut < 0 ? rest : rest.substring(0, cut);
    String params = cut < 0 ? "" : rest.substring(cut + 1);
    boolean query = cut >= 0 && rest.charAt(cut) == '?';

    Map<String, String> config = new TreeMap<>();
    Map<String, String> fromUrl = new TreeMap<>();
    int position = 0;
    for (String pair : params.split(query ? "[&;]" : ";")) {
      position++;
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        // not echoed: it may be the tail of a secret that held an unencoded & or ;
        throw error("URL parameter " + position + " is not key=value (a value holding & or ; must be "
            + "percent-encoded as %26 or %3B)");
      }
      String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = query ? decode(key, pair.substring(eq + 1)) : pair.substring(eq + 1);
      if (fromUrl.put(key, value) != null) {
        throw error("key '" + key + "' appears more than once in the URL");
      }
    }
    for (Map.Entry<String, String> e : fromUrl.entrySet()) {
      put(config, e.getKey(), e.getValue());
    }
    if (info != null) {
      for (String raw : info.stringPropertyNames()) {
        String key = raw.toLowerCase(Locale.ROOT);
        if (fromUrl.containsKey(key)) {
          throw error("key '" + key + "' is given both in the URL and in the connection properties; give it once");
        }
        put(config, key, info.getProperty(raw));
      }
    }

    Kind kind;
    String name = null;
    if (location.isEmpty()) {
      kind = Kind.PRIVATE;
    } else if (location.startsWith("//")) {
      // A distributed engine: a client of the Ballista scheduler at host:port, private to
      // this connection (its tables come from catalog_path or DDL, as for any engine).
      String endpoint = location.substring(2);
      if (endpoint.endsWith("/")) {
        endpoint = endpoint.substring(0, endpoint.length() - 1);
      }
      if (!ENDPOINT.matcher(endpoint).matches()) {
        throw error("'" + PREFIX + location + "' is not a scheduler address: expected " + PREFIX
            + "//host:port, e.g. " + PREFIX + "//localhost:50050");
      }
      String given = config.get("coordinator_endpoint");
      if (given != null && !given.equals(endpoint)) {
        throw error("the scheduler is given twice: " + endpoint + " in the URL and " + given
            + " as coordinator_endpoint; give it once");
      }
      config.put("coordinator_endpoint", endpoint);
      kind = Kind.PRIVATE;
    } else if (location.startsWith("mem:")) {
      kind = Kind.MEMORY;
      name = location.substring(4);
      if (name.isEmpty()) {
        throw error("'" + PREFIX + "mem:' needs a name, e.g. " + PREFIX + "mem:sales");
      }
    } else {
      String lower = location.toLowerCase(Locale.ROOT);
      if (!lower.endsWith(".json") && !lower.endsWith(".toml")) {
        throw error("'" + location + "' is not a catalog file: a catalog path must end in .json or .toml"
            + " (or use " + PREFIX + "mem:NAME for an in-memory engine)");
      }
      if (config.containsKey("catalog_path")) {
        throw error("the catalog is given twice: in the URL path and as catalog_path; give it once");
      }
      Path p;
      try {
        p = Paths.get(location).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw error("'" + location.replace("\0", "\\0") + "' is not a valid catalog path: " + e.getReason());
      }
      kind = Kind.CATALOG;
      name = p.toString();
      config.put("catalog_path", name);
    }
    return new FfqUrl(kind, name, config);
  }

  private static void put(Map<String, String> config, String key, String value) throws SQLException {
    FfqConnectionProperty p = FfqConnectionProperty.forKey(key);
    if (p == null) {
      StringBuilder known = new StringBuilder();
      for (FfqConnectionProperty k : FfqConnectionProperty.values()) {
        known.append(known.length() > 0 ? ", " : "").append(k.key);
      }
      throw error("unknown key '" + key + "'; known keys: " + known);
    }
    if (!p.isEngineKey()) {
      return;
    }
    String v = value == null ? null : p.validate(value);
    if (v == null) {
      throw error("invalid value " + (isSecret(key) ? "" : "'" + value + "' ") + "for key '" + p.key
          + "': expected " + p.accepted());
    }
    config.put(p.key, v);
  }

  private static String decode(String key, String s) throws SQLException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw error("invalid percent-encoding in the value of URL parameter '" + key + "'"
          + (isSecret(key) ? "" : ": '" + s + "'"));
    }
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static SQLException error(String message) {
    return new SQLException(message, "08001");
  }
}
