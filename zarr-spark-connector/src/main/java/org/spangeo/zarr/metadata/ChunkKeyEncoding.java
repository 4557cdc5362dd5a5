package org.spangeo.zarr.metadata;

import java.io.Serializable;

/** How chunk grid indices become store keys: v2 "0.1.2" (or "0/1/2"), v3 default "c/0/1/2". */
public final class ChunkKeyEncoding implements Serializable {
  private static final long serialVersionUID = 1L;
  private final boolean v3Default;
  private final String separator;

  public ChunkKeyEncoding(boolean v3Default, String separator) {
    if (!separator.equals(".") && !separator.equals("/")) {
      throw new IllegalArgumentException("dimension separator '" + separator + "' is not '.' or '/'");
    }
    this.v3Default = v3Default;
    this.separator = separator;
  }

  public static ChunkKeyEncoding v2(String separator) {
    return new ChunkKeyEncoding(false, separator == null ? "." : separator);
  }

  public String separator() {
    return separator;
  }

  public boolean isV3Default() {
    return v3Default;
  }

  public String key(long[] index) {
    StringBuilder sb = new StringBuilder(v3Default ? "c" : "");
    if (index.length == 0) return v3Default ? "c" : "0";
    for (int i = 0; i < index.length; i++) {
      if (i > 0 || v3Default) sb.append(separator);
      sb.append(index[i]);
    }
    return sb.toString();
  }
}
