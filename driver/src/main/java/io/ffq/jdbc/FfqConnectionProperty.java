package io.ffq.jdbc;

import java.sql.DriverPropertyInfo;
import java.util.Locale;

/**
 * Every key a {@code jdbc:ffq:} URL or the connection Properties may carry: the engine's
 * config keys plus {@code user}/{@code password}, which are accepted and ignored (the
 * embedded engine has no authentication; tools send them anyway).
 */
public enum FfqConnectionProperty {
  BATCH_SIZE_ROWS("batch_size_rows", "8192", Kind.POSITIVE_INT,
      "Rows per Arrow batch the engine produces (Statement.setFetchSize overrides per statement)"),
  MEM_BUDGET_BYTES("mem_budget_bytes", "512m", Kind.BYTES_POSITIVE,
      "Memory budget of the engine; sorts, joins and aggregations spill to disk beyond it"),
  SHUFFLE_PARTITIONS("shuffle_partitions", null, Kind.POSITIVE_INT,
      "Target partitions (parallelism) of the engine; default: the number of cores"),
  BROADCAST_THRESHOLD_BYTES("broadcast_threshold_bytes", null, Kind.BYTES,
      "Joins whose build side is smaller than this collect it into one partition; default: 64 MB or an"
          + " eighth of mem_budget_bytes, whichever is smaller"),
  SPILL_DIR("spill_dir", null, Kind.TEXT, "Directory for spill files; default: the OS temp folder"),
  CATALOG_PATH("catalog_path", null, Kind.TEXT, "A .json or .toml catalog file of tables to load at start"),
  COORDINATOR_ENDPOINT("coordinator_endpoint", null, Kind.TEXT,
      "host:port of a Ballista scheduler: queries run on that cluster"),
  SCHEMA_INFERENCE("schema_inference", "on", Kind.CHOICE,
      "How Parquet tables without a declared schema get one", "off", "on", "strict", "permissive"),
  SCHEMA_DRIFT_POLICY("schema_drift_policy", "fail", Kind.CHOICE,
      "What happens when a declared schema differs from the files'", "fail", "refresh"),
  SCHEMA_WRITEBACK("schema_writeback", "false", Kind.CHOICE,
      "Write inferred schemas back into the catalog file", "true", "false"),
  USER("user", null, Kind.IGNORED, "Accepted and ignored: the embedded engine has no users"),
  PASSWORD("password", null, Kind.IGNORED, "Accepted and ignored: the embedded engine has no users");

  enum Kind { POSITIVE_INT, BYTES, BYTES_POSITIVE, TEXT, CHOICE, IGNORED }

  public final String key;
  public final String defaultValue;
  final Kind kind;
  public final String description;
  final String[] choices;

  FfqConnectionProperty(String key, String defaultValue, Kind kind, String description, String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.kind = kind;
    this.description = description;
    this.choices = choices;
  }

  /** The property for a key (case-insensitive), or null. */
  public static FfqConnectionProperty forKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (FfqConnectionProperty p : values()) {
      if (p.key.equals(k)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the engine sees this key (user and password it does not). */
  boolean isEngineKey() {
    return kind != Kind.IGNORED;
  }

  /** What the key accepts, for error messages. */
  String accepted() {
    switch (kind) {
      case POSITIVE_INT: return "a positive integer";
      case BYTES: return "a byte count such as 1048576 or 1m";
      case BYTES_POSITIVE: return "a positive byte count such as 536870912 or 512m";
      case CHOICE: return "one of " + String.join(", ", choices);
      default: return "a non-empty text";
    }
  }

  /** Checks a value; returns it normalised or null if it is not acceptable. */
  String validate(String value) {
    String v = value.trim();
    switch (kind) {
      case POSITIVE_INT:
        try {
          long n = Long.parseLong(v);
          return n > 0 && n <= (1 << 30) ? Long.toString(n) : null;
        } catch (NumberFormatException e) {
          return null;
        }
      case BYTES:
      case BYTES_POSITIVE:
        return v.matches("(?i)[0-9]+\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?")
            && !(kind == Kind.BYTES_POSITIVE && v.matches("0+\\s*[a-zA-Z]*")) ? v : null;
      case CHOICE:
        for (String c : choices) {
          if (c.equalsIgnoreCase(v)) {
            return c;
          }
        }
        return null;
      case TEXT:
        return v.isEmpty() ? null : v;
      default:
        return value;
    }
  }

  DriverPropertyInfo info(String currentValue) {
    DriverPropertyInfo info = new DriverPropertyInfo(key, currentValue != null ? currentValue : defaultValue);
    info.description = description + (defaultValue != null ? " (default " + defaultValue + ")" : "");
    info.required = false;
    info.choices = choices.length > 0 ? choices.clone() : null;
    return info;
  }
}
