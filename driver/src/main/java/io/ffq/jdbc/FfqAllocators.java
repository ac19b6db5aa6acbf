package io.ffq.jdbc;

import io.ffq.jdbc.engine.NativeLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** The driver's root Arrow allocator; each connection takes a child, each statement a grandchild. */
final class FfqAllocators {
  private static volatile BufferAllocator root;

  private FfqAllocators() {}

  static BufferAllocator root() {
    BufferAllocator r = root;
    if (r == null) {
      synchronized (FfqAllocators.class) {
        r = root;
        if (r == null) {
          // Arrow's memory layer must initialise after the engine library opened java.nio to it.
          NativeLoader.ensureLoaded();
          r = new RootAllocator(Long.MAX_VALUE);
          root = r;
        }
      }
    }
    return r;
  }
}
