package org.spangeo.zarr.testing;

import java.nio.ByteBuffer;

/** Raw element bytes for the codec and interop tests. */
public final class Bytes {
  private Bytes() {}

  /** Puts the low {@code size} bytes of {@code v} at {@code o}, in the buffer's byte order. */
  public static void putInteger(ByteBuffer b, int o, int size, long v) {
    switch (size) {
      case 1: b.put(o, (byte) v); break;
      case 2: b.putShort(o, (short) v); break;
      case 4: b.putInt(o, (int) v); break;
      default: b.putLong(o, v);
    }
  }
}
