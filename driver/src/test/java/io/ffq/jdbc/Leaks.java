package io.ffq.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ffq.jdbc.engine.EngineRegistry;

/** After every connection of a test is closed: no Arrow memory held, no engine stream alive. */
final class Leaks {
  private Leaks() {}

  static void assertNone() {
    assertThat(FfqAllocators.root().getAllocatedMemory()).as("Arrow bytes still allocated").isZero();
    assertThat(EngineRegistry.liveNativeStreams()).as("engine result streams not released").isZero();
  }
}
