package io.ffq.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The C header is the source of truth for status codes: this enum must say the same. */
class EngineStatusTest {
  @Test
  void matchesTheHeader() throws Exception {
    String header = Files.readString(Path.of("..", "native", "include", "ffq_ffi.h"));
    Matcher m = Pattern.compile("FFQ_STATUS_([A-Z_]+)\\s*=\\s*(\\d+)").matcher(header);
    Map<String, Integer> codes = new LinkedHashMap<>();
    while (m.find()) {
      codes.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    assertThat(codes).hasSize(EngineStatus.values().length);
    for (EngineStatus s : EngineStatus.values()) {
      assertThat(codes.get(s.name())).as(s.name()).isEqualTo(s.code());
      assertThat(EngineStatus.of(s.code())).isEqualTo(s);
    }
  }
}
