package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FfqUrlTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  static Stream<Arguments> valid() {
    String abs = Paths.get("/data/cat.json").toAbsolutePath().normalize().toString();
    return Stream.of(
        Arguments.of("jdbc:ffq:", props(), FfqUrl.Kind.PRIVATE, null, "{}"),
        Arguments.of("jdbc:ffq:mem:sales", props(), FfqUrl.Kind.MEMORY, "sales", "{}"),
        Arguments.of("jdbc:ffq:mem:s;batch_size_rows=10", props(), FfqUrl.Kind.MEMORY, "s", "{\"batch_size_rows\":\"10\"}"),
        Arguments.of("jdbc:ffq:?BATCH_SIZE_ROWS=10&schema_inference=STRICT", props(), FfqUrl.Kind.PRIVATE, null,
            "{\"batch_size_rows\":\"10\",\"schema_inference\":\"strict\"}"),
        Arguments.of("jdbc:ffq:/data/cat.json", props("mem_budget_bytes", "64m"), FfqUrl.Kind.CATALOG, abs,
            "{\"catalog_path\":\"" + abs.replace("\\", "\\\\") + "\",\"mem_budget_bytes\":\"64m\"}"),
        Arguments.of("jdbc:ffq:", props("user", "sa", "password", "secret"), FfqUrl.Kind.PRIVATE, null, "{}"),
        Arguments.of("jdbc:ffq:?spill_dir=%2Ftmp%2Fa%20b", props(), FfqUrl.Kind.PRIVATE, null,
            "{\"spill_dir\":\"/tmp/a b\"}"));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parsesValidUrls(String url, Properties info, FfqUrl.Kind kind, String name, String json) throws SQLException {
    FfqUrl u = FfqUrl.parse(url, info);
    assertThat(u.kind()).isEqualTo(kind);
    assertThat(u.name()).isEqualTo(name);
    assertThat(u.configJson()).isEqualTo(json);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("jdbc:ffq:mem:", props(), "'jdbc:ffq:mem:' needs a name, e.g. jdbc:ffq:mem:sales"),
        Arguments.of("jdbc:ffq:?color=blue", props(), "unknown key 'color'; known keys: batch_size_rows, "
            + "mem_budget_bytes, shuffle_partitions, broadcast_threshold_bytes, spill_dir, catalog_path, "
            + "coordinator_endpoint, schema_inference, schema_drift_policy, schema_writeback, user, password"),
        Arguments.of("jdbc:ffq:?batch_size_rows=0", props(),
            "invalid value '0' for key 'batch_size_rows': expected a positive integer"),
        Arguments.of("jdbc:ffq:?batch_size_rows=1&batch_size_rows=2", props(),
            "key 'batch_size_rows' appears more than once in the URL"),
        Arguments.of("jdbc:ffq:;batch_size_rows=1", props("BATCH_SIZE_ROWS", "2"),
            "key 'batch_size_rows' is given both in the URL and in the connection properties; give it once"),
        Arguments.of("jdbc:ffq:?schema_inference=maybe", props(),
            "invalid value 'maybe' for key 'schema_inference': expected one of off, on, strict, permissive"),
        Arguments.of("jdbc:ffq:?mem_budget_bytes=lots", props(),
            "invalid value 'lots' for key 'mem_budget_bytes': expected a positive byte count such as 536870912 or 512m"),
        Arguments.of("jdbc:ffq:?schema_writeback=yes", props(),
            "invalid value 'yes' for key 'schema_writeback': expected one of true, false"),
        Arguments.of("jdbc:ffq:?batch_size_rows", props(),
            "URL parameter 1 is not key=value (a value holding & or ; must be percent-encoded as %26 or %3B)"),
        Arguments.of("jdbc:ffq:/data/tables.csv", props(),
            "'/data/tables.csv' is not a catalog file: a catalog path must end in .json or .toml"
                + " (or use jdbc:ffq:mem:NAME for an in-memory engine)"),
        Arguments.of("jdbc:ffq:/data/c.json?catalog_path=/x.json", props(),
            "the catalog is given twice: in the URL path and as catalog_path; give it once"),
        Arguments.of("jdbc:h2:mem:", props(), "not an ffq URL: 'jdbc:h2:mem:' (expected jdbc:ffq:...)"),
        Arguments.of(null, props(), "the URL is null"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsInvalidUrlsWithExactMessages(String url, Properties info, String message) {
    assertThatThrownBy(() -> FfqUrl.parse(url, info))
        .isInstanceOf(SQLException.class)
        .hasMessage(message)
        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
  }

  @Test
  void remoteUrlsNameTheScheduler() throws SQLException {
    FfqUrl u = FfqUrl.parse("jdbc:ffq://coordinator:50050?batch_size_rows=100", props());
    assertThat(u.kind()).isEqualTo(FfqUrl.Kind.PRIVATE);
    assertThat(u.config()).containsEntry("coordinator_endpoint", "coordinator:50050")
        .containsEntry("batch_size_rows", "100");
    assertThat(FfqUrl.parse("jdbc:ffq://[::1]:7/", props()).config())
        .containsEntry("coordinator_endpoint", "[::1]:7");
    assertThat(FfqUrl.parse("jdbc:ffq://h:1", props("coordinator_endpoint", "h:1")).config())
        .containsEntry("coordinator_endpoint", "h:1");
    assertThat(FfqUrl.parse("jdbc:ffq:", props("coordinator_endpoint", "h:1")).config())
        .containsEntry("coordinator_endpoint", "h:1");
    for (String bad : new String[] {"jdbc:ffq://coordinator", "jdbc:ffq://:1", "jdbc:ffq://a/b:1", "jdbc:ffq://"}) {
      assertThatThrownBy(() -> FfqUrl.parse(bad, props()))
          .hasMessageContaining("is not a scheduler address: expected jdbc:ffq://host:port")
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }
    assertThatThrownBy(() -> FfqUrl.parse("jdbc:ffq://h:1", props("coordinator_endpoint", "h:2")))
        .hasMessage("the scheduler is given twice: h:1 in the URL and h:2 as coordinator_endpoint; give it once");
  }

  @Test
  void sharedKeys() throws SQLException {
    assertThat(FfqUrl.parse("jdbc:ffq:", null).sharedKey()).isNull();
    assertThat(FfqUrl.parse("jdbc:ffq:mem:a", null).sharedKey()).isEqualTo("mem:a");
  }

  @Test
  void propertyInfoListsEveryKeyWithoutAnEngine() {
    java.sql.DriverPropertyInfo[] info = new FfqDriver().getPropertyInfo("jdbc:ffq:", props("password", "s3cret"));
    assertThat(info).extracting(i -> i.name).contains("batch_size_rows", "schema_inference", "user", "password");
    java.sql.DriverPropertyInfo inference = Stream.of(info).filter(i -> i.name.equals("schema_inference")).findFirst().get();
    assertThat(inference.choices).containsExactly("off", "on", "strict", "permissive");
    assertThat(inference.value).isEqualTo("on");
    assertThat(inference.description).isNotBlank();
    java.sql.DriverPropertyInfo password = Stream.of(info).filter(i -> i.name.equals("password")).findFirst().get();
    assertThat(password.value).isNull();
  }

  /** No secret in any message or in getURL(), whatever is wrong with the URL. */
  @Test
  void secretsNeverAppear() throws SQLException {
    String pw = "Sup3rS3cret";
    for (String url : new String[] {
        "jdbc:ffq:?password=" + pw + "%zz",
        "jdbc:ffq:?password=" + pw + "&rest&batch_size_rows=1",
        "jdbc:ffq:?password=ab;" + pw,
        "jdbc:ffq:?api_token=" + pw + "%zz",
    }) {
      assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pw).doesNotContain("S3cret"));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:ffq:?password=" + pw + "&batch_size_rows=64")) {
      assertThat(c.getMetaData().getURL()).doesNotContain(pw).contains("password=***").contains("batch_size_rows=64");
      assertThat(c.toString()).doesNotContain(pw);
    }
    assertThat(FfqUrl.redact("jdbc:ffq:;user=a;password=" + pw)).isEqualTo("jdbc:ffq:;user=a;password=***");
  }

  @Test
  void unusablePathsAreSqlExceptions() {
    for (String url : new String[] {"jdbc:ffq:/data/a\u0000b.json", "jdbc:ffq:/data/a\ud800b.json"}) {
      assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }
  }
}
